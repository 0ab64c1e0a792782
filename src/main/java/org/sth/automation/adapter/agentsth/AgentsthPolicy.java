package org.sth.automation.adapter.agentsth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.TableBinder;
import org.sth.automation.config.TomlSection;

/**
 * {@code [agentsth]}: the profiles, which families run where ({@code cpu_pool}, {@code threading}, {@code single_agent},
 * {@code multi_agent}, {@code [[agentsth.supplemental]]}), and how the benchmark is built, run, captured and collected.
 * Bound by {@link #BINDER} when the config is loaded; every key is in docs/adapters/agentsth.md.
 *
 * @param officialProfile the profile of the official family (null: no official family can run)
 * @param profiles        every {@code [agentsth.profiles.NAME]}
 * @param buildCommand    the source build, run in the unpacked source tree on the host
 * @param runCommand      a simple command (program and words, run with {@code exec}) started once per agent
 * @param resultFiles     files each agent must leave in its {@code $OUT}
 * @param cpuPool         the pool of the mainstream families
 * @param threading       logical or physical, for the mainstream families
 * @param singleAgent     whether one agent on the whole pool runs (the official family when the pool is all/logical)
 * @param multiAgent      the mainstream splits (2, 4, "2x8", ...)
 * @param supplemental    the labelled extra families ({@code profile} null: the official profile)
 * @param buildTools      what the source build needs on the host (default: the build command's first word)
 * @param bundlePaths     what of the built tree is captured into the bundle cache after a source build
 */
public record AgentsthPolicy(String officialProfile, Map<String, Profile> profiles, String buildCommand, String runCommand,
        List<String> resultFiles, CpuPool cpuPool, Threading threading, boolean singleAgent, List<Split> multiAgent,
        List<FamilyRequest> supplemental, List<String> buildTools, List<String> bundlePaths) {

    public static final String TABLE = "agentsth";
    public static final String DEFAULT_BUILD = "make";
    public static final String DEFAULT_RUN = "./agentsth";
    public static final List<String> DEFAULT_RESULTS = List.of("results.json");
    /** Captured after a source build: the whole built tree (without {@code .git}). */
    public static final List<String> DEFAULT_BUNDLE_PATHS = List.of(".");

    /** The policy of a config without an {@code [agentsth]} table. */
    public static final AgentsthPolicy DEFAULT = new AgentsthPolicy(null, Map.of());

    private static final Set<String> KEYS = Set.of("official_profile", "profiles", "build_command", "run_command", "result_files",
            "cpu_pool", "threading", "single_agent", "multi_agent", "supplemental", "build_tools", "bundle_paths");
    private static final Set<String> PROFILE_KEYS = Set.of("args", "official", "max_execution_secs");
    private static final Set<String> SUPPLEMENTAL_KEYS = Set.of("id", "label", "cpu_pool", "threading", "agents", "profile");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern FAMILY_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public AgentsthPolicy {
        profiles = Map.copyOf(profiles);
        resultFiles = List.copyOf(resultFiles);
        multiAgent = List.copyOf(multiAgent);
        supplemental = List.copyOf(supplemental);
        buildTools = List.copyOf(buildTools);
        bundlePaths = List.copyOf(bundlePaths);
    }

    /** Profiles only; everything else takes its default. */
    public AgentsthPolicy(String officialProfile, Map<String, Profile> profiles) {
        this(officialProfile, profiles, DEFAULT_BUILD, DEFAULT_RUN, DEFAULT_RESULTS, CpuPool.ALL, Threading.LOGICAL, true, List.of(),
                List.of(), defaultBuildTools(DEFAULT_BUILD), DEFAULT_BUNDLE_PATHS);
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

    /** The build tools a build command needs when the config names none: its first word ({@code make}, {@code cargo}). */
    static List<String> defaultBuildTools(String buildCommand) {
        String first = buildCommand == null ? "" : buildCommand.strip().split("\\s+")[0];
        return first.matches("[A-Za-z0-9._+-]+") ? List.of(first) : List.of();
    }

    /** Binds {@code [agentsth]} and checks its profiles and families. */
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
                        p.seconds("max_execution_secs", defaultMax).toSeconds());
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
                    s.problem("official_profile", "official_profile '" + official + "' names no profile (" + available(profiles) + ")",
                            "add [agentsth.profiles." + official + "] or name a defined profile");
                } else if (!p.official()) {
                    s.table("profiles").table(official).problem("official", "profile '" + official
                            + "' is the official_profile but has official = false",
                            "set official = true (or remove the key), or name another official_profile");
                }
            }
            CpuPool pool = pool(s, "cpu_pool");
            Threading threading = threading(s, "threading");
            List<Split> splits = splits(s);
            List<FamilyRequest> supplemental = supplemental(s, profiles, official);
            String build = s.string("build_command", DEFAULT_BUILD);
            List<String> tools = s.strings("build_tools", defaultBuildTools(build));
            List<String> bundlePaths = s.strings("bundle_paths", DEFAULT_BUNDLE_PATHS);
            for (int i = 0; i < bundlePaths.size(); i++) {
                String b = bundlePaths.get(i);
                if (b.isBlank() || b.startsWith("/") || b.equals("..") || b.startsWith("../") || b.contains("/../") || b.endsWith("/..")) {
                    s.problem("bundle_paths", "bundle_paths[" + i + "] '" + b + "' is not a path inside the source tree",
                            "list paths relative to the built source tree, e.g. [\"target/release/agentsth\", \"profiles\"]");
                }
            }
            return new AgentsthPolicy(official, profiles, build, s.string("run_command", DEFAULT_RUN),
                    s.strings("result_files", DEFAULT_RESULTS), pool, threading, s.bool("single_agent", true), splits, supplemental,
                    tools, bundlePaths);
        }
    };

    private static String available(Map<String, Profile> profiles) {
        return profiles.isEmpty() ? "no [agentsth.profiles.*] tables are defined" : "defined: " + String.join(", ", profiles.keySet());
    }

    private static CpuPool pool(TomlSection s, String key) {
        String text = s.string(key, "all");
        try {
            return CpuPool.parse(text);
        } catch (IllegalArgumentException e) {
            s.problem(key, e.getMessage(), "write " + key + " = \"all\", \"p_cores\", \"e_cores\", \"socket 0\", \"numa 1\" or \"0-7,16-23\"");
            return CpuPool.ALL;
        }
    }

    private static Threading threading(TomlSection s, String key) {
        String text = s.string(key, "logical");
        try {
            return Threading.parse(text);
        } catch (IllegalArgumentException e) {
            s.problem(key, e.getMessage(), "write " + key + " = \"logical\" (every CPU) or \"physical\" (one CPU per core)");
            return Threading.LOGICAL;
        }
    }

    private static List<Split> splits(TomlSection s) {
        Object raw = s.raw("multi_agent");
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            s.problem("multi_agent", "multi_agent must be an array of agent counts or \"KxN\" strings, found " + TomlSection.kind(raw),
                    "write multi_agent = [2, 4] or [\"2x8\", \"4x4\"]");
            return List.of();
        }
        List<Split> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            try {
                Split split = Split.parse(list.get(i));
                if (split.agents() < 2) {
                    throw new IllegalArgumentException("a split needs at least 2 agents (one agent is single_agent)");
                }
                out.add(split);
            } catch (IllegalArgumentException e) {
                s.problem("multi_agent", "multi_agent[" + i + "]: " + e.getMessage(), "write multi_agent = [2, 4] or [\"2x8\", \"4x4\"]");
            }
        }
        return out;
    }

    private static List<FamilyRequest> supplemental(TomlSection s, Map<String, Profile> profiles, String official) {
        List<FamilyRequest> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<TomlSection> tables = s.tables("supplemental");
        for (TomlSection t : tables) {
            t.allowOnly(SUPPLEMENTAL_KEYS);
            String id = t.string("id", null);
            if (id != null && (!FAMILY_ID.matcher(id).matches() || id.equals("official-all"))) {
                t.problem("id", "family id '" + id + "' is not lower-case [a-z0-9._-] (1-64 chars) or is the official family's id",
                        "use e.g. id = \"p-cores-only\"");
                id = null;
            }
            if (id != null && !ids.add(id)) {
                t.problem("id", "family id '" + id + "' is used twice", "give every [[agentsth.supplemental]] its own id");
            }
            String profile = t.string("profile", null);
            if (profile != null && !profiles.containsKey(profile)) {
                t.problem("profile", "profile '" + profile + "' names no profile (" + available(profiles) + ")",
                        "add [agentsth.profiles." + profile + "] or name a defined profile");
            }
            if (profile == null && official == null) {
                t.problem("profile", "no profile and no official_profile to default to", "set profile = \"NAME\" or [agentsth] official_profile");
            }
            Split split = Split.SINGLE;
            Object agents = t.raw("agents");
            if (agents != null) {
                try {
                    split = Split.parse(agents);
                } catch (IllegalArgumentException e) {
                    t.problem("agents", e.getMessage(), "write agents = 2 or agents = \"2x8\"");
                }
            }
            out.add(new FamilyRequest(id, t.string("label", null), pool(t, "cpu_pool"), threading(t, "threading"), split, profile, false));
        }
        return out;
    }
}
