package org.sth.automation.config;

/**
 * Binds one top-level table the generic config does not own, such as an adapter's own {@code [agentsth]} or the
 * declared {@code [benchmarks]}: the config loader hands it the table (empty when the file has none) after the
 * generic tables are bound, so it can check its keys against them. Problems go through
 * {@link TomlSection#problem}, so they are reported with every other problem of the file.
 *
 * @param <T> the immutable settings the table binds to
 */
public interface TableBinder<T> {

    /** The top-level table name, e.g. {@code agentsth}. */
    String table();

    /** The settings of the table; {@code config} is the generic part, already bound. */
    T bind(TomlSection section, AutomationConfig config);
}
