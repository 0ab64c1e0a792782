package org.sth.automation.config;

import java.util.List;
import java.util.Map;

/**
 * {@code [agentsth]}: the official profile and the run-family policy tables
 * ({@code [agentsth.profiles.NAME]}), parsed and validated now, used by the agentsth adapter.
 */
public record AgentsthPolicy(String officialProfile, Map<String, Profile> profiles, String buildCommand, String runCommand,
        List<String> resultFiles) {

    public static final String DEFAULT_BUILD = "make";
    public static final String DEFAULT_RUN = "./agentsth";
    public static final List<String> DEFAULT_RESULTS = List.of("results.json");

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
}
