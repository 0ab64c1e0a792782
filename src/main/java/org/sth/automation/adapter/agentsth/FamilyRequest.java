package org.sth.automation.adapter.agentsth;

/**
 * A family the policy asks for, before it meets a host: the planner turns it into a {@link RunFamily} or a skip.
 *
 * @param id        explicit id ({@code [[agentsth.supplemental]] id}), or null for the derived one
 * @param label     explicit label, or null for the derived one
 * @param pool      which CPUs
 * @param threading logical or physical
 * @param split     how many agents
 * @param profile   the profile the agents run
 * @param official  whether this is the official family
 */
public record FamilyRequest(String id, String label, CpuPool pool, Threading threading, Split split, String profile, boolean official) {

    /** The id: explicit, else {@code official-all} for the official family, else pool, threading, split and (when not the
     *  official profile) the profile, joined by dashes: {@code p-cores}, {@code all-physical-split2}, {@code all-v6-compression}. */
    public String resolvedId(String officialProfile) {
        if (id != null) {
            return id;
        }
        if (official) {
            return "official-all";
        }
        StringBuilder s = new StringBuilder(pool.id());
        if (threading == Threading.PHYSICAL) {
            s.append("-physical");
        }
        if (!split.id().isEmpty()) {
            s.append('-').append(split.id());
        }
        if (officialProfile == null || !officialProfile.equals(profile)) {
            s.append('-').append(profile.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]", "-"));
        }
        String out = s.toString();
        return out.length() <= 64 ? out : out.substring(0, 64).replaceAll("[-._]+$", "");
    }

    /** The label: explicit, else words for pool, threading, split and profile. */
    public String resolvedLabel() {
        if (label != null) {
            return label;
        }
        String what = official ? "Official: " : "";
        String cpus = pool.kind() == CpuPool.Kind.ALL ? "all online CPUs" : pool.describe() + " only";
        String threads = threading == Threading.PHYSICAL ? ", one CPU per physical core" : "";
        String agents = split.agents() == 1 && split.cpusPerAgent() == null ? "1 agent"
                : split.agents() + " agents" + (split.cpusPerAgent() == null ? "" : " x " + split.cpusPerAgent() + " CPUs");
        return what + Character.toUpperCase(cpus.charAt(0)) + cpus.substring(1) + threads + ", " + agents + ", profile " + profile;
    }
}
