package org.sth.automation.adapter.agentsth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ExecutionSettings;
import org.sth.automation.config.TableBinder;
import org.sth.automation.config.TomlSection;

/**
 * {@code [agentsth]}: the official profile, the profiles ({@code [agentsth.profiles.NAME]}), and how the benchmark
 * is built, run and collected. Bound by {@link #BINDER} when the config is loaded.
 */
public record AgentsthPolicy(String officialProfile, Map<String, Profile> profiles, String buildCommand, String runCommand,
        List<String> resultFiles) {

    public static final String TABLE = "agentsth";
    public static final String DEFAULT_BUILD = "make";
    public static final String DEFAULT_RUN = "./agentsth";
    public static final List<String> DEFAULT_RESULTS = List.of("results.json");

    /** The policy of a config without an {@code [agentsth]} table. */
    public static final AgentsthPolicy DEFAULT = new AgentsthPolicy(null, Map.of());

    private static final Set<String> KEYS = Set.of("official_profile", "profiles", "build_command", "run_command", "result_files");
    private static final Set<String> PROFILE_KEYS = Set.of("args", "official", "max_execution_secs");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    public AgentsthPolicy {
        profiles = Map.copyOf(profiles);
        resultFiles = List.copyOf(resultFiles);
    }

    /** Profiles only; build, run and result files take their defaults. */
    public AgentsthPolicy(String officialProfile, Map<String, Profile> profiles) {
        this(officialProfile, profiles, DEFAULT_BUILD, DEFAULT_RUN, DEFAULT_RESULTS);
    }

    /** One named profile: its arguments and whether it counts as official. */
    public record Profile(String name, List<String> args, boolean official, long maxExecutionSecs) {
        public Profile {
            args = List.copyOf(args);
        }
    }

    /** The policy of a loaded config ({@link #DEFAULT} when it was loaded without this binder). */
    public static AgentsthPolicy of(AutomationConfig config) {
        return config.table(TABLE, AgentsthPolicy.class, DEFAULT);
    }

    /** Binds {@code [agentsth]} and checks its profiles. */
    public static final TableBinder<AgentsthPolicy> BINDER = new TableBinder<>() {
        @Override
        public String table() {
            return TABLE;
        }

        @Override
        public AgentsthPolicy bind(TomlSection s, AutomationConfig config) {
            s.allowOnly(KEYS);
            String official = s.string("official_profile", null);
            Duration defaultMax = config.execution().ceiling(TABLE, AgentsthAdapter.SPEC.defaultCeiling());
            Map<String, Profile> profiles = new LinkedHashMap<>();
            for (Map.Entry<String, TomlSection> e : s.table("profiles").subTables()) {
                TomlSection p = e.getValue();
                p.allowOnly(PROFILE_KEYS);
                Profile profile = new Profile(e.getKey(), p.strings("args", List.of()), p.bool("official", e.getKey().equals(official)),
                        p.seconds("max_execution_secs", defaultMax, ExecutionSettings.MIN_CEILING, ExecutionSettings.MAX_CEILING).toSeconds());
                if (!NAME.matcher(e.getKey()).matches()) {
                    s.table("profiles").problem(e.getKey(), "profile name '" + e.getKey()
                            + "' has characters other than letters, digits, '.', '_' and '-'",
                            "rename it using only [A-Za-z0-9._-]: it is used in directory names and command lines");
                }
                if (profile.maxExecutionSecs() <= 0) {
                    p.problem("max_execution_secs", "max_execution_secs must be positive, found " + profile.maxExecutionSecs(),
                            "set a ceiling in seconds, e.g. 7200");
                }
                profiles.put(e.getKey(), profile);
            }
            if (official != null) {
                Profile p = profiles.get(official);
                if (p == null) {
                    String available = profiles.isEmpty() ? "no [agentsth.profiles.*] tables are defined"
                            : "defined: " + String.join(", ", profiles.keySet());
                    s.problem("official_profile", "official_profile '" + official + "' names no profile (" + available + ")",
                            "add [agentsth.profiles." + official + "] or name a defined profile");
                } else if (!p.official()) {
                    s.table("profiles").table(official).problem("official", "profile '" + official
                            + "' is the official_profile but has official = false",
                            "set official = true (or remove the key), or name another official_profile");
                }
            }
            return new AgentsthPolicy(official, profiles, s.string("build_command", DEFAULT_BUILD),
                    s.string("run_command", DEFAULT_RUN), s.strings("result_files", DEFAULT_RESULTS));
        }
    };
}
