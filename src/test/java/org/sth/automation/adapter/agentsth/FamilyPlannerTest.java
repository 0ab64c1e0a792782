package org.sth.automation.adapter.agentsth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sth.automation.host.topology.CpuSet;
import org.sth.automation.host.topology.CpuTopology;
import org.sth.automation.host.topology.Realdata.Machine;
import org.sth.automation.host.topology.Realdata;
import org.sth.automation.host.topology.TopologyParser;
import org.sth.automation.host.topology.TopologySources;

class FamilyPlannerTest {

    private static CpuTopology topology(Machine m) {
        return TopologyParser.parse(m.sources());
    }

    private static AgentsthPolicy policy(CpuPool pool, Threading threading, boolean single, List<Split> splits, List<FamilyRequest> supplemental) {
        return new AgentsthPolicy("official", Map.of("official", new AgentsthPolicy.Profile("official", List.of(), true, 60)),
                "make", "./agentsth", List.of("results.json"), pool, threading, single, splits, supplemental, List.of("make"), List.of("."));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Machine.class)
    void everyRealMachinePlansAsItsExpectedFileSays(Machine machine) {
        // given
        String expected = Realdata.text(PlanExpectations.resource(machine));

        // when
        FamilyPlan plan = FamilyPlanner.plan(PlanExpectations.POLICY, topology(machine), true, "test");

        // then
        assertThat(PlanExpectations.header(machine) + plan.render()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Machine.class)
    void agentsNeverShareACoreAndOnlyOnlineCpusArePlanned(Machine machine) {
        // given
        CpuTopology t = topology(machine);

        // when
        FamilyPlan plan = FamilyPlanner.plan(PlanExpectations.POLICY, t, true, "test");

        // then
        assertThat(plan.official()).get().satisfies(f -> assertThat(f.cpus()).isEqualTo(t.online()));
        for (RunFamily f : plan.families()) {
            assertThat(t.online().containsAll(f.cpus())).as(f.id()).isTrue();
            for (CpuTopology.Core core : t.cores()) {
                long agentsOnCore = f.agents().stream().filter(a -> !a.intersect(core.cpus()).isEmpty()).count();
                assertThat(agentsOnCore).as(f.id() + " core " + core.cpus()).isLessThanOrEqualTo(1);
            }
        }
        assertThat(plan.families()).filteredOn(RunFamily::official).hasSize(1);
    }

    @Test
    void eCoresOnAUniformHostAreSkippedWithTheReason() {
        // given
        AgentsthPolicy p = policy(CpuPool.ALL, Threading.LOGICAL, true, List.of(),
                List.of(new FamilyRequest(null, null, CpuPool.parse("e_cores"), Threading.LOGICAL, Split.SINGLE, null, false)));

        // when
        FamilyPlan plan = FamilyPlanner.plan(p, topology(Machine.EPYC_7451_2S), false, "test");

        // then
        assertThat(plan.families()).extracting(RunFamily::id).containsExactly("official-all");
        assertThat(plan.skipped()).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("e-cores");
            assertThat(s.reason()).startsWith("the host is not hybrid");
        });
    }

    @Test
    void pinnedCpusThatAreAbsentOrOfflineAreSkippedNamingThem() {
        // given: CPU 7 offline on the EPYC; a list with it, and one past the last CPU
        String csv = Machine.EPYC_7451_2S.sources().lscpuTable().replace("\n7,7,0,1,Y", "\n7,-,-,-,N");
        CpuTopology t = TopologyParser.parse(TopologySources.lscpuTable(csv));
        AgentsthPolicy p = policy(CpuPool.ALL, Threading.LOGICAL, true, List.of(), List.of(
                new FamilyRequest("with-offline", null, CpuPool.parse("4-7"), Threading.LOGICAL, Split.SINGLE, null, false),
                new FamilyRequest("absent", null, CpuPool.parse("90-99"), Threading.LOGICAL, Split.SINGLE, null, false),
                new FamilyRequest("fine", null, CpuPool.parse("0-3"), Threading.LOGICAL, Split.SINGLE, null, false)));

        // when
        FamilyPlan plan = FamilyPlanner.plan(p, t, false, "test");

        // then
        assertThat(plan.families()).extracting(RunFamily::id).containsExactly("official-all", "fine");
        assertThat(plan.official().get().cpus()).isEqualTo(CpuSet.parse("0-6,8-95"));
        assertThat(plan.skipped()).extracting(FamilyPlan.Skipped::reason).containsExactly(
                "CPUs 7 are offline (online: 0-6,8-95)",
                "CPUs 96-99 are not present on the host (present: 0-95)");
    }

    @Test
    void splitsThatDoNotDivideAreSkipped() {
        // given: 24 CPUs of the i9 (16 in SMT pairs) split 5 ways, 2x16 and 3 ways physical (16 cores: no)
        AgentsthPolicy p = policy(CpuPool.ALL, Threading.LOGICAL, true, List.of(new Split(5, null), new Split(2, 16), new Split(3, 8)), List.of());

        // when
        FamilyPlan plan = FamilyPlanner.plan(p, topology(Machine.I9_12900K), false, "test");

        // then
        assertThat(plan.families()).extracting(RunFamily::id).containsExactly("official-all", "all-split3x8");
        assertThat(plan.skipped()).extracting(FamilyPlan.Skipped::reason).containsExactly(
                "24 CPUs do not divide into 5 equal agents",
                "2 agents x 16 CPUs need 32 CPUs, the pool has 24");
        assertThat(plan.families().get(1).agents()).containsExactly(CpuSet.parse("0-7"), CpuSet.parse("8-15"), CpuSet.parse("16-23"));
    }

    @Test
    void aSplitThatWouldSeparateSmtSiblingsIsSkipped() {
        // given: 3 agents of 1 CPU on the Strix Halo's SMT pairs
        AgentsthPolicy p = policy(CpuPool.ALL, Threading.LOGICAL, true, List.of(new Split(3, 1)), List.of());

        // when
        FamilyPlan plan = FamilyPlanner.plan(p, topology(Machine.STRIX_HALO), false, "test");

        // then
        assertThat(plan.skipped()).singleElement().satisfies(s -> assertThat(s.reason())
                .isEqualTo("agents of 1 CPUs would split the SMT siblings 0,16 of one core between two agents"));
    }

    @Test
    void theMainstreamPoolNarrowsTheSupplementalSingleAgentAndSplitsButNeverTheOfficialFamily() {
        // given: mainstream on P-cores, physical, single agent and 2 agents
        AgentsthPolicy p = policy(CpuPool.parse("p_cores"), Threading.PHYSICAL, true, List.of(new Split(2, null)), List.of());

        // when
        FamilyPlan plan = FamilyPlanner.plan(p, topology(Machine.I9_12900K), false, "test");

        // then
        assertThat(plan.families()).extracting(RunFamily::id).containsExactly("official-all", "p-cores-physical", "p-cores-physical-split2");
        assertThat(plan.families().get(0).cpus()).isEqualTo(CpuSet.parse("0-23"));
        assertThat(plan.families().get(1).cpus()).isEqualTo(CpuSet.parse("0-14:2"));
        assertThat(plan.families().get(2).agents()).containsExactly(CpuSet.parse("0,2,4,6"), CpuSet.parse("8,10,12,14"));
        assertThat(plan.families()).filteredOn(RunFamily::official).extracting(RunFamily::id).containsExactly("official-all");
    }

    @Test
    void withoutATopologyEveryRequestIsPendingNotSkipped() {
        // given
        AgentsthPolicy p = policy(CpuPool.ALL, Threading.LOGICAL, true, List.of(new Split(2, null)), List.of());

        // when
        FamilyPlan plan = FamilyPlanner.plan(p, null, false, "no cached topology for host x");

        // then
        assertThat(plan.families()).isEmpty();
        assertThat(plan.pending()).extracting(FamilyPlan.Skipped::id).containsExactly("official-all", "all-split2");
        assertThat(plan.pending().get(0).reason()).isEqualTo("needs the host's CPU topology: no cached topology for host x");
    }

    @Test
    void noOfficialProfileSkipsTheOfficialFamilyWithTheFix() {
        // when
        FamilyPlan plan = FamilyPlanner.plan(AgentsthPolicy.DEFAULT, topology(Machine.STRIX_HALO), false, "test");

        // then
        assertThat(plan.official()).isEmpty();
        assertThat(plan.skipped()).singleElement().satisfies(s -> assertThat(s.reason()).contains("set [agentsth] official_profile"));
    }
}
