package org.sth.automation.host.quiet;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.sth.automation.config.TomlSection;

/**
 * {@code [integrity.quiet]}: when a host counts as quiet. Every check is named in {@link #checks}; a check the host
 * cannot answer (no cpufreq, no thermal counters, no {@code who}) makes the verdict {@code unknown}, never
 * {@code quiet}, until the operator removes it from {@code checks}. Every key is in docs/integrity.md.
 *
 * @param window              the window CPU use is measured over ({@code sample_window_secs})
 * @param maxForeignCpu       CPU that processes this run did not start may use, in % of one CPU
 * @param minAvailableMemory  {@code MemAvailable} below this % of {@code MemTotal} is noisy
 * @param maxMemoryPressure   PSI memory "some" avg10 above this % is noisy
 * @param governors           the frequency governors a quiet host runs
 * @param boost               {@code any}, {@code on} or {@code off}: the boost (turbo) state a quiet host has
 * @param maxOtherSessions    sessions of other accounts a quiet host may have
 * @param topOffenders        how many offenders a sample names
 * @param checks              the checks that decide the verdict (see {@link #CHECKS})
 */
public record QuietThresholds(Duration window, double maxForeignCpu, double minAvailableMemory, double maxMemoryPressure,
        List<String> governors, String boost, int maxOtherSessions, int topOffenders, Set<String> checks) {

    /** Every check, in the order reasons are given. */
    public static final List<String> CHECKS = List.of("cpu", "memory", "memory_pressure", "governor", "boost", "frequency", "thermal",
            "sessions");
    public static final List<String> BOOST = List.of("any", "on", "off");
    public static final Duration MIN_WINDOW = Duration.ofMillis(100);
    public static final Duration MAX_WINDOW = Duration.ofSeconds(60);
    private static final Set<String> KEYS = Set.of("sample_window_secs", "max_foreign_cpu_percent", "min_available_memory_percent",
            "max_memory_pressure_percent", "governors", "boost", "max_other_sessions", "top_offenders", "checks");

    public static final QuietThresholds DEFAULT = new QuietThresholds(Duration.ofMillis(500), 10, 10, 10, List.of("performance"), "any",
            0, 5, new LinkedHashSet<>(CHECKS));

    public QuietThresholds {
        governors = List.copyOf(governors);
        // in name order: the effective config's digest (and any listing) must not follow a JVM's random set order
        checks = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(checks));
    }

    /** Whether {@code check} decides the verdict ({@code boost} only when a state is asked for). */
    public boolean checks(String check) {
        return checks.contains(check) && !(check.equals("boost") && boost.equals("any"));
    }

    /** Binds {@code [integrity.quiet]}; every absurd value is a problem naming the key and its range. */
    public static QuietThresholds bind(TomlSection s) {
        s.allowOnly(KEYS);
        QuietThresholds d = DEFAULT;
        String boost = s.string("boost", d.boost());
        if (!BOOST.contains(boost)) {
            s.problem("boost", "boost = \"" + boost + "\" is not one of " + BOOST, "write boost = \"any\" (not checked), \"on\" or \"off\"");
            boost = d.boost();
        }
        List<String> checks = s.strings("checks", CHECKS);
        for (String c : checks) {
            if (!CHECKS.contains(c)) {
                s.problem("checks", "unknown check '" + c + "'", "list only checks from " + CHECKS);
            }
        }
        List<String> governors = s.strings("governors", d.governors());
        if (governors.isEmpty() && checks.contains("governor")) {
            s.problem("governors", "governors is empty while the governor check is on", "list the governors a quiet host runs, e.g. "
                    + "[\"performance\"], or remove \"governor\" from checks");
        }
        return new QuietThresholds(
                s.seconds("sample_window_secs", d.window(), MIN_WINDOW, MAX_WINDOW),
                s.number("max_foreign_cpu_percent", d.maxForeignCpu(), 0, 100_000),
                s.number("min_available_memory_percent", d.minAvailableMemory(), 0, 100),
                s.number("max_memory_pressure_percent", d.maxMemoryPressure(), 0, 100),
                governors, boost,
                (int) s.integer("max_other_sessions", d.maxOtherSessions(), 0, 100_000),
                (int) s.integer("top_offenders", d.topOffenders(), 1, 50),
                new LinkedHashSet<>(checks.stream().filter(CHECKS::contains).toList()));
    }
}
