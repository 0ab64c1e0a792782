package org.sth.automation.adapter.agentsth;

import java.util.List;
import java.util.Map;
import org.sth.automation.host.topology.Realdata.Machine;

/** The policy every real-machine plan is made with, and the expected file of each machine. */
final class PlanExpectations {

    /** Official profile plus one supplemental profile variant; with --all-families every family kind is asked for. */
    static final AgentsthPolicy POLICY = new AgentsthPolicy("v6.1-official", Map.of(
            "v6.1-official", new AgentsthPolicy.Profile("v6.1-official", List.of("--profile", "v6.1-official"), true, 7200),
            "v6-supplemental-compression-2gb", new AgentsthPolicy.Profile("v6-supplemental-compression-2gb",
                    List.of("--profile", "v6-supplemental-compression-2gb"), false, 3600)),
            AgentsthPolicy.DEFAULT_BUILD, AgentsthPolicy.DEFAULT_RUN, AgentsthPolicy.DEFAULT_RESULTS, CpuPool.ALL, Threading.LOGICAL, true,
            List.of(), List.of(new FamilyRequest(null, "Compression 2 GB on all online CPUs", CpuPool.ALL, Threading.LOGICAL, Split.SINGLE,
                    "v6-supplemental-compression-2gb", false)),
            List.of("make"), AgentsthPolicy.DEFAULT_BUNDLE_PATHS);

    private PlanExpectations() {
    }

    static String resource(Machine m) {
        return "/agentsth/plans/" + m.stem() + ".plan.txt";
    }

    static String header(Machine m) {
        return "# " + m.title() + "\n# policy: official v6.1-official + supplemental v6-supplemental-compression-2gb, --all-families\n";
    }
}
