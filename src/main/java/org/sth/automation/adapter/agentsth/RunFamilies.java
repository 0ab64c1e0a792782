package org.sth.automation.adapter.agentsth;

import org.sth.automation.host.topology.CpuSet;

/** Builders for the standard agentsth run families. */
public final class RunFamilies {

    /** Id of the mainstream official family. */
    public static final String OFFICIAL_ALL = "official-all";

    private RunFamilies() {
    }

    /** The mainstream official family: all online CPUs, the configured official profile, id {@code official-all}. */
    public static RunFamily mainstreamOfficial(CpuSet onlineCpus, String officialProfile) {
        return new RunFamily(OFFICIAL_ALL, "All online CPUs (" + onlineCpus.size() + "), profile " + officialProfile,
                onlineCpus, officialProfile, true);
    }

    /** A supplemental (non-official) family restricted to {@code cpus}, which must be online. */
    public static RunFamily supplemental(String id, String label, CpuSet onlineCpus, CpuSet cpus, String profile) {
        if (!onlineCpus.containsAll(cpus)) {
            throw new IllegalArgumentException("Run family '" + id + "' uses CPUs that are not online: "
                    + cpus.minus(onlineCpus).format() + " (online: " + onlineCpus.format() + ")");
        }
        return new RunFamily(id, label, cpus, profile, false);
    }
}
