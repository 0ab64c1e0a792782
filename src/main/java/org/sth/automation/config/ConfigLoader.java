package org.sth.automation.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;

/**
 * Reads the TOML configuration once into immutable records and validates it; any problem
 * ends in a {@link ConfigValidationException} listing every problem found.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /** Loads {@code file} with the generic tables only; relative paths inside it resolve against the file's folder. */
    public static AutomationConfig load(Path file) {
        return load(file, List.of());
    }

    /**
     * Loads {@code file}; {@code binders} bind the top-level tables the generic config does not own (adapters'
     * tables, declared benchmarks); any other unknown table is a problem.
     */
    public static AutomationConfig load(Path file, Collection<? extends TableBinder<?>> binders) {
        String label = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw single(label, "configuration file not found",
                    "check the path, or start from configs/example-lab.toml");
        } catch (MalformedInputException e) {
            throw single(label, "configuration file is not valid UTF-8", "save the file as UTF-8");
        } catch (IOException e) {
            throw single(label, "cannot read configuration file: " + e.getClass().getSimpleName(),
                    "check that the path is a readable file");
        }
        Path absolute = file.toAbsolutePath().normalize();
        return parse(text, label, absolute.getParent(), absolute, binders);
    }

    /** Parses TOML text; {@code fileLabel} names it in messages, {@code baseDir} anchors relative paths. */
    public static AutomationConfig parse(String toml, String fileLabel, Path baseDir) {
        return parse(toml, fileLabel, baseDir, List.of());
    }

    /** As {@link #parse(String, String, Path)}, with the {@code binders} of extension tables. */
    public static AutomationConfig parse(String toml, String fileLabel, Path baseDir, Collection<? extends TableBinder<?>> binders) {
        Path base = baseDir.toAbsolutePath().normalize();
        Path source;
        try {
            source = base.resolve(fileLabel).normalize();
        } catch (InvalidPathException e) {
            source = base;
        }
        return parse(toml, fileLabel, base, source, binders);
    }

    private static AutomationConfig parse(String toml, String fileLabel, Path baseDir, Path source,
            Collection<? extends TableBinder<?>> binders) {
        Problems problems = new Problems(fileLabel);
        TomlNesting.check(toml).ifPresent(deep -> {
            problems.add("line " + deep.line() + ":" + deep.column(), deep.problem(),
                    "flatten the value: no setting takes more than two or three levels of [ ] or { }");
            problems.throwIfAny();
        });
        TomlParseResult result = Toml.parse(toml);
        if (result.hasErrors()) {
            for (TomlParseError e : result.errors()) {
                problems.add("line " + e.position().line() + ":" + e.position().column(),
                        "TOML syntax error: " + e.getMessage(),
                        "correct the TOML syntax at that position (strings need double quotes, "
                                + "one key = value per line, [table] and [[array-of-tables]] headers)");
            }
            problems.throwIfAny();
        }
        TomlSection root = new TomlSection(result, "", problems);
        Set<String> extensions = new LinkedHashSet<>();
        binders.forEach(b -> extensions.add(b.table()));
        AutomationConfig config = new ConfigBinder(problems, baseDir).bind(root, source, extensions);
        ConfigValidator.validate(config, problems);
        AutomationConfig generic = config;
        for (TableBinder<?> b : binders) {
            config = config.withTable(b.table(), b.bind(root.table(b.table()), generic));
        }
        problems.throwIfAny();
        return config;
    }

    /** The host named {@code name} (the {@code --host} option), or a ConfigException listing the known hosts. */
    public static HostConfig requireHost(AutomationConfig config, String name) {
        return config.host(name).orElseThrow(() -> {
            String available = config.hosts().stream().map(HostConfig::name).sorted()
                    .collect(Collectors.joining(", "));
            String suggestion = KeySuggestions.nearest(name == null ? "" : name,
                            config.hosts().stream().map(HostConfig::name).toList())
                    .map(s -> "did you mean '" + s + "'? ").orElse("");
            return new ConfigException(String.valueOf(config.source()), "--host",
                    "Unknown host '" + name + "'. Available hosts: " + available,
                    suggestion + "pass one of the available hosts with --host, or add a [[hosts]] entry named '"
                            + name + "' to " + config.source());
        });
    }

    private static ConfigValidationException single(String file, String problem, String fix) {
        Problems p = new Problems(file);
        p.add("(file)", problem, fix);
        return new ConfigValidationException(file, p.list());
    }
}
