package org.sth.automation.config;

import java.util.List;
import java.util.Map;

/**
 * {@code [agentsth]}: the official profile and the run-family policy tables
 * ({@code [agentsth.profiles.NAME]}), parsed and validated now, used by the agentsth adapter.
 */
public record AgentsthPolicy(String officialProfile, Map<String, Profile> profiles) {

    public AgentsthPolicy {
        profiles = Map.copyOf(profiles);
    }

    /** One named profile: its arguments and whether it counts as official. */
    public record Profile(String name, List<String> args, boolean official, long maxExecutionSecs) {
        public Profile {
            args = List.copyOf(args);
        }
    }
}
