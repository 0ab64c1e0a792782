package org.sth.automation.host.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sth.automation.host.topology.Realdata.Machine;

class TopologyParserTest {

    private static CpuTopology parse(Machine m) {
        return TopologyParser.parse(m.sources());
    }

    @Test
    void i9_12900kFromItsLscpuExtendedTableIsHybridByMaximumFrequency() {
        // when
        CpuTopology t = parse(Machine.I9_12900K);

        // then: 8 P-cores with SMT (6700/6500 MHz), 8 E-cores without (3900 MHz)
        assertThat(t.online()).isEqualTo(CpuSet.parse("0-23"));
        assertThat(t.cores()).hasSize(16);
        assertThat(t.cores().get(0).cpus()).isEqualTo(CpuSet.parse("0-1"));
        assertThat(t.cores().get(15).cpus()).isEqualTo(CpuSet.of(23));
        assertThat(t.performanceCpus()).isEqualTo(CpuSet.parse("0-15"));
        assertThat(t.efficiencyCpus()).isEqualTo(CpuSet.parse("16-23"));
        assertThat(t.kindSource()).isEqualTo("max frequency");
        assertThat(t.smt()).isTrue();
    }

    @Test
    void intelHybridPmuListsWinOverFrequency() {
        // given: the perf documentation's cpu_core / cpu_atom lists of an Alder Lake
        TopologySources s = Machine.I9_12900K.sources().withHybridLists("0-15", "16-23");

        // when
        CpuTopology t = TopologyParser.parse(s);

        // then
        assertThat(t.kindSource()).isEqualTo("sysfs cpu_core/cpu_atom");
        assertThat(t.performanceCpus()).isEqualTo(CpuSet.parse("0-15"));
        assertThat(t.efficiencyCpus()).isEqualTo(CpuSet.parse("16-23"));
    }

    @Test
    void raptorLakeFromSysfsAloneKeepsSmtOnPCoresOnly() {
        // given: only the published sysfs files
        TopologySources s = new TopologySources(null, null, Machine.I7_1370P.sources().sysfs(), null);

        // when
        CpuTopology t = TopologyParser.parse(s);

        // then: 6 P-cores x2 (5000/5200 MHz), 8 E-cores (3900 MHz)
        assertThat(t.cores()).hasSize(14);
        assertThat(t.performanceCpus()).isEqualTo(CpuSet.parse("0-11"));
        assertThat(t.efficiencyCpus()).isEqualTo(CpuSet.parse("12-19"));
        assertThat(t.cores().stream().filter(c -> c.cpus().size() == 2)).hasSize(6);
    }

    @Test
    void raptorLakeKindsFromHwlocCpukinds() {
        // given: hwloc's own XML of the same part (cpukinds IntelAtom, IntelCore)
        TopologySources s = new TopologySources(null, null, null, Realdata.text(Realdata.HYBRID
                + "hwloc_x86_Intel-RaptorLake-Corei7-1370P.lstopo.xml"));

        // when
        CpuTopology t = TopologyParser.parse(s);

        // then
        assertThat(t.kindSource()).isEqualTo("lstopo cpukinds");
        assertThat(t.performanceCpus()).isEqualTo(CpuSet.parse("0-11"));
        assertThat(t.efficiencyCpus()).isEqualTo(CpuSet.parse("12-19"));
        assertThat(t.cores()).hasSize(14);
    }

    @Test
    void dualEpycHasTwoSocketsEightNodesAndSiblingsFromSysfs() {
        // when
        CpuTopology t = parse(Machine.EPYC_7451_2S);

        // then
        assertThat(t.sockets()).containsOnlyKeys(0, 1);
        assertThat(t.sockets().get(1)).isEqualTo(CpuSet.parse("24-47,72-95"));
        assertThat(t.numaNodes()).hasSize(8);
        assertThat(t.numaNodes().get(3)).isEqualTo(CpuSet.parse("18-23,66-71"));
        assertThat(t.cores()).hasSize(48);
        assertThat(t.cores().get(0).cpus()).isEqualTo(CpuSet.parse("0,48"));
        assertThat(t.hybrid()).isFalse();
    }

    @Test
    void quadXeonKeepsItsNumaGapAndInterleavedSockets() {
        // when
        CpuTopology t = parse(Machine.XEON_X7550_4S);

        // then: nodes 0, 2, 3 (no node 1); sockets interleave CPU ids
        assertThat(t.numaNodes()).containsOnlyKeys(0, 2, 3);
        assertThat(t.sockets().get(1)).isEqualTo(CpuSet.parse("1-61:4"));
        assertThat(t.cores()).hasSize(32);
        assertThat(t.cores().get(0).cpus()).isEqualTo(CpuSet.parse("0,32"));
    }

    @Test
    void gb10CoreIdsThatRepeatAcrossClustersAreNotTakenForSmt() {
        // given: lscpu -p numbers cores 0-4 per core type, four times, without a MAXMHZ column
        TopologySources onlyTable = TopologySources.lscpuTable(Machine.GB10.sources().lscpuTable())
                .withLscpu(Machine.GB10.sources().lscpu());

        // when
        CpuTopology fromTable = TopologyParser.parse(onlyTable);
        CpuTopology full = parse(Machine.GB10);

        // then: 20 single-thread cores either way; sysfs capacity tells the X925 from the A725
        assertThat(fromTable.cores()).hasSize(20);
        assertThat(full.cores()).hasSize(20);
        assertThat(full.smt()).isFalse();
        assertThat(full.performanceCpus()).isEqualTo(CpuSet.parse("5-9,15-19"));
        assertThat(full.efficiencyCpus()).isEqualTo(CpuSet.parse("0-4,10-14"));
    }

    @Test
    void gb10FromLscpuExtendedAloneUsesCacheIdsAndFrequencies() {
        // given
        TopologySources s = TopologySources.lscpuTable(Realdata.text(Realdata.HETERO + "GENERATED_from-hwloc-dump_NVIDIA-GB10.lscpu-e.txt"));

        // when
        CpuTopology t = TopologyParser.parse(s);

        // then
        assertThat(t.cores()).hasSize(20);
        assertThat(t.kindSource()).isEqualTo("max frequency");
        assertThat(t.performanceCpus()).isEqualTo(CpuSet.parse("5-9,15-19"));
    }

    @Test
    void gb10WithRepeatedCoreIdsAndFrequenciesButNoLscpuSummaryTrustsNoCoreId() {
        // given: a -p table with MAXMHZ (as discover asks for) built from the GB10's -e rows, and no plain lscpu
        StringBuilder p = new StringBuilder("# CPU,Core,Socket,Node,Online,Maxmhz\n");
        Realdata.text(Realdata.HETERO + "GENERATED_from-hwloc-dump_NVIDIA-GB10.lscpu-e.txt").lines().skip(1).forEach(l -> {
            String[] f = l.strip().split("\\s+");
            p.append(f[0]).append(',').append(f[3]).append(',').append(f[2]).append(',').append(f[1]).append(",Y,").append(f[6]).append('\n');
        });

        // when
        CpuTopology t = TopologyParser.parse(TopologySources.lscpuTable(p.toString()));

        // then
        assertThat(t.cores()).hasSize(20);
        assertThat(t.notes()).anyMatch(n -> n.contains("ids repeat across clusters"));
    }

    @Test
    void kunpengAndAmpereOneAreUniformWithoutSmt() {
        // when
        CpuTopology kunpeng = parse(Machine.KUNPENG_920_2S);
        CpuTopology ampere = parse(Machine.AMPEREONE_A192);

        // then
        assertThat(kunpeng.cores()).hasSize(128);
        assertThat(kunpeng.sockets()).hasSize(2);
        assertThat(kunpeng.numaNodes()).hasSize(4);
        assertThat(kunpeng.hybrid()).isFalse();
        assertThat(kunpeng.smt()).isFalse();
        assertThat(ampere.cores()).hasSize(192);
        assertThat(ampere.numaNodes()).containsOnlyKeys(0);
        assertThat(ampere.hybrid()).isFalse();
        assertThat(ampere.sources()).contains("lstopo xml");
    }

    @Test
    void strixHaloPairsEachCoreWithItsSmtSibling() {
        // when
        CpuTopology t = parse(Machine.STRIX_HALO);

        // then
        assertThat(t.cores()).hasSize(16);
        assertThat(t.cores().get(0).cpus()).isEqualTo(CpuSet.parse("0,16"));
        assertThat(t.hybrid()).isFalse();
    }

    @Test
    void emptyNodeColumnsGiveNoNumaNodes() {
        // given: the phone SoC's lscpu -p prints "0,0,0,,Y"
        TopologySources s = new TopologySources(Realdata.text(Realdata.HETERO + "GENERATED_from-util-linux-dump_arm-A510-A710-A715-X3.lscpu.txt"),
                Realdata.text(Realdata.HETERO + "GENERATED_from-util-linux-dump_arm-A510-A710-A715-X3.lscpu-p_CPU,CORE,SOCKET,NODE,ONLINE.csv"), null, null);

        // when
        CpuTopology t = TopologyParser.parse(s);

        // then
        assertThat(t.online()).isEqualTo(CpuSet.parse("0-7"));
        assertThat(t.numaNodes()).isEmpty();
        assertThat(t.cores()).hasSize(8);
    }

    @Test
    void offlineCpusAreKeptButLeftOutOfCoresSocketsAndNodes() {
        // given: the EPYC 7451 table with CPUs 5 and 53 (one core's two threads) and 7 marked offline (no real dump has any)
        String csv = Machine.EPYC_7451_2S.sources().lscpuTable().replace("\n5,5,0,0,Y", "\n5,-,-,-,N")
                .replace("\n53,5,0,0,Y", "\n53,-,-,-,N").replace("\n7,7,0,1,Y", "\n7,-,-,-,N");

        // when
        CpuTopology t = TopologyParser.parse(TopologySources.lscpuTable(csv));

        // then
        assertThat(t.offline()).isEqualTo(CpuSet.parse("5,7,53"));
        assertThat(t.online().size()).isEqualTo(93);
        assertThat(t.cores()).hasSize(47);
        assertThat(t.cores()).anyMatch(c -> c.cpus().equals(CpuSet.of(55)));
        assertThat(t.numaNodes().get(0)).isEqualTo(CpuSet.parse("0-4,48-52"));
    }

    @Test
    void malformedRowsAreCountedNotFatal() {
        // given: util-linux's Meteor Lake parse output, with rows shorter than its header
        String text = Realdata.text(Realdata.HYBRID + "util-linux_expected_lscpu-x86_64-meteor_lake.PARSE-SECTIONS.EXCERPT.txt");
        String first = text.substring(0, text.indexOf("\n\n"));

        // when
        CpuTopology t = TopologyParser.parse(TopologySources.lscpuTable(first));

        // then
        assertThat(t.online()).isEqualTo(CpuSet.parse("0-21"));
        assertThat(t.notes()).isEmpty();
    }

    @Test
    void theCacheFormReadsBackToTheSameModel() {
        // given
        CpuTopology t = parse(Machine.GB10);

        // when
        JsonNode json = t.toJson();
        CpuTopology back = CpuTopology.fromJson(json);

        // then
        assertThat(back.cpus()).isEqualTo(t.cpus());
        assertThat(back.toJson()).isEqualTo(json);
        assertThat(json.path("hybrid").asBoolean()).isTrue();
        assertThat(json.path("performance_cpus").asText()).isEqualTo("5-9,15-19");
    }

    @Test
    void probeOutputSectionsFeedTheParser() {
        // given: what the probe prints on a small host
        String out = "### lscpu\nThread(s) per core: 2\n### lscpu-table\n# CPU,Core,Socket,Node,Online,Maxmhz\n0,0,0,0,Y,\n1,0,0,0,Y,\n"
                + "### sysfs\n/sys/devices/system/cpu/online:0-1\n/sys/devices/system/cpu/cpu1/topology/thread_siblings_list:0-1\n"
                + "/sys/devices/system/cpu/cpu0/topology/thread_siblings_list:0-1\n### lstopo-xml\n### end\n";

        // when
        TopologySources s = TopologySources.fromProbeOutput(out);
        CpuTopology t = TopologyParser.parse(s);

        // then
        assertThat(s.lstopoXml()).isNull();
        assertThat(t.sources()).containsExactly("lscpu", "lscpu -p", "sysfs");
        assertThat(t.cores()).extracting(CpuTopology.Core::cpus).containsExactly(CpuSet.parse("0-1"));
    }

    @Test
    void nothingReportedGivesAnEmptyModel() {
        // when
        CpuTopology t = TopologyParser.parse(new TopologySources(null, null, null, null));

        // then
        assertThat(t.isEmpty()).isTrue();
        assertThat(t.summaryJson().path("source").asText()).isEqualTo("unavailable");
        assertThat(List.of(t.online().format())).containsExactly("");
    }
}
