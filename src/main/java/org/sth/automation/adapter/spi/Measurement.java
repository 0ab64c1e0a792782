package org.sth.automation.adapter.spi;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.sth.automation.config.TomlSection;

/**
 * How one benchmark is measured: its quiet-host policy and how often it runs. Read from {@code [integrity]} (every
 * benchmark), {@code [integrity.benchmarks.NAME]} and a declared benchmark's own table; a key left out is null here and
 * taken from the next source ({@link #orElse}). Every key is in docs/integrity.md.
 *
 * @param quietPolicy      {@code record} (default), {@code wait} or {@code refuse}
 * @param quietWait        how long {@code wait} waits for a quiet host before the step
 * @param repeat           runs of the step: 1..{@link #MAX_RUNS}, or {@link #AUTO} (until the spread is small)
 * @param maxSpreadPercent the relative standard deviation (in % of the mean) results may have and still agree
 * @param minRuns          the fewest runs {@code repeat = "auto"} makes before it may stop
 * @param maxRuns          the most runs {@code repeat = "auto"} makes
 */
public record Measurement(QuietPolicy quietPolicy, Duration quietWait, Integer repeat, Double maxSpreadPercent, Integer minRuns,
        Integer maxRuns) {

    /** What a noisy host does to a step. */
    public enum QuietPolicy {
        /** Record the verdict; run and publish as usual (flagged when noisy). */
        RECORD,
        /** Wait (bounded by {@code quiet_wait_secs}) until the host is not noisy, then run; the verdict is recorded either way. */
        WAIT,
        /** Do not run on a noisy host, and do not publish a result whose host was noisy during or after the step. */
        REFUSE;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code repeat = "auto"}. */
    public static final int AUTO = 0;
    public static final int MAX_RUNS = 1000;
    public static final Duration MAX_WAIT = Duration.ofDays(1);
    public static final Set<String> KEYS = Set.of("quiet_policy", "quiet_wait_secs", "repeat", "max_spread_percent", "min_runs", "max_runs");

    /** The built-in defaults: record only, one run; auto stops at a 5 % spread after 3 to 10 runs. */
    public static final Measurement DEFAULT = new Measurement(QuietPolicy.RECORD, Duration.ofMinutes(10), 1, 5.0, 3, 10);
    public static final Measurement NONE = new Measurement(null, null, null, null, null, null);

    public boolean auto() {
        return repeat != null && repeat == AUTO;
    }

    /** Whether the step runs more than once. */
    public boolean repeats() {
        return repeat != null && repeat != 1;
    }

    /** Each key this one sets, else {@code base}'s. */
    public Measurement orElse(Measurement base) {
        return new Measurement(quietPolicy != null ? quietPolicy : base.quietPolicy, quietWait != null ? quietWait : base.quietWait,
                repeat != null ? repeat : base.repeat, maxSpreadPercent != null ? maxSpreadPercent : base.maxSpreadPercent,
                minRuns != null ? minRuns : base.minRuns, maxRuns != null ? maxRuns : base.maxRuns);
    }

    /** The keys this one sets. */
    public Set<String> keysSet() {
        Set<String> out = new LinkedHashSet<>();
        Object[] v = {quietPolicy, quietWait, repeat, maxSpreadPercent, minRuns, maxRuns};
        String[] k = {"quiet_policy", "quiet_wait_secs", "repeat", "max_spread_percent", "min_runs", "max_runs"};
        for (int i = 0; i < k.length; i++) {
            if (v[i] != null) {
                out.add(k[i]);
            }
        }
        return out;
    }

    /** The keys of {@link #KEYS} a table sets (others are left to its binder); absurd values are problems naming key and range. */
    public static Measurement bind(TomlSection s) {
        QuietPolicy policy = null;
        if (s.has("quiet_policy")) {
            String p = s.string("quiet_policy", "record");
            policy = List.of(QuietPolicy.values()).stream().filter(q -> q.id().equals(p)).findFirst().orElse(null);
            if (policy == null) {
                s.problem("quiet_policy", "quiet_policy = \"" + p + "\" is not one of record, wait, refuse",
                        "write quiet_policy = \"record\" (default), \"wait\" or \"refuse\"");
            }
        }
        Integer repeat = null;
        if (s.raw("repeat") instanceof String r) {
            if (r.equals("auto")) {
                repeat = AUTO;
            } else {
                s.problem("repeat", "repeat = \"" + r + "\" is neither a number of runs nor \"auto\"", "write repeat = 3 or repeat = \"auto\"");
            }
        } else if (s.has("repeat")) {
            repeat = (int) s.integer("repeat", 1, 1, MAX_RUNS);
        }
        Measurement m = new Measurement(policy,
                s.has("quiet_wait_secs") ? s.seconds("quiet_wait_secs", DEFAULT.quietWait, Duration.ofSeconds(1), MAX_WAIT) : null,
                repeat,
                s.has("max_spread_percent") ? s.number("max_spread_percent", DEFAULT.maxSpreadPercent, 0, 1000) : null,
                s.has("min_runs") ? (int) s.integer("min_runs", DEFAULT.minRuns, 2, MAX_RUNS) : null,
                s.has("max_runs") ? (int) s.integer("max_runs", DEFAULT.maxRuns, 2, MAX_RUNS) : null);
        if (m.minRuns != null && m.maxRuns != null && m.minRuns > m.maxRuns) {
            s.problem("min_runs", "min_runs = " + m.minRuns + " is above max_runs = " + m.maxRuns, "make min_runs at most max_runs");
        }
        return m;
    }
}
