package org.sth.automation.host.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CpuSetTest {

    private static String read(String path) {
        String full = "/realdata/02-cpu-topology/" + path;
        try (InputStream in = Objects.requireNonNull(CpuSetTest.class.getResourceAsStream(full), full)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "NUMA nodeN CPU(s): list" lines of an lscpu capture, by node. */
    private static Map<String, String> numaLists(String lscpu) {
        Map<String, String> lists = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\s*NUMA (node\\d+) CPU\\(s\\):\\s*(\\S+)\\s*$").matcher(lscpu);
        while (m.find()) {
            lists.put(m.group(1), m.group(2));
        }
        return lists;
    }

    private static String online(String lscpu) {
        Matcher m = Pattern.compile("(?m)^\\s*On-line CPU\\(s\\) list:\\s*(\\S+)").matcher(lscpu);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void hybridI9PerfCoreAndAtomListsFromSysfs() {
        // given: /sys/devices/cpu_core/cpus and cpu_atom/cpus as documented for Alder Lake
        String doc = read("a-intel-hybrid/linux_tools-perf-Documentation-intel-hybrid.txt.EXCERPT.txt");
        Matcher m = Pattern.compile("cat /sys/devices/(cpu_core|cpu_atom)/cpus\\s+(\\S+)").matcher(doc);
        Map<String, CpuSet> sets = new LinkedHashMap<>();
        while (m.find()) {
            sets.put(m.group(1), CpuSet.parse(m.group(2)));
        }

        // when
        CpuSet core = sets.get("cpu_core");
        CpuSet atom = sets.get("cpu_atom");

        // then
        assertThat(core.size()).isEqualTo(16);
        assertThat(atom.size()).isEqualTo(8);
        assertThat(core.format()).isEqualTo("0-15");
        assertThat(atom.format()).isEqualTo("16-23");
        assertThat(core.intersect(atom).isEmpty()).isTrue();
        assertThat(core.contains(15)).isTrue();
        assertThat(core.contains(16)).isFalse();
    }

    @Test
    void hybridI9PCoresFromItsLscpuExtendedMatchThePerfList() {
        // given: P-cores are the CPUs with MAXMHZ above the E-cores' 3900
        String extended = read("a-intel-hybrid/tdf-readme_i9-12900K_lscpu--all--extended.txt");
        List<Integer> pCpus = extended.lines().skip(1).map(String::strip).filter(l -> !l.isEmpty())
                .map(l -> l.split("\\s+")).filter(f -> Double.parseDouble(f[6]) > 3900.0)
                .map(f -> Integer.valueOf(f[0])).toList();

        // when
        CpuSet p = CpuSet.of(pCpus);

        // then
        assertThat(p).isEqualTo(CpuSet.parse("0-15"));
        assertThat(CpuSet.parse("0-23").minus(p).format()).isEqualTo("16-23");
    }

    @Test
    void sysfsSiblingListsOfTheRaptorLakeDump() {
        // given
        String extract = read("a-intel-hybrid/hwloc-dump_i7-1370P_sysfs-topology-extract.txt");
        Matcher m = Pattern.compile("cpu(\\d+)/topology/thread_siblings_list:(\\S+)").matcher(extract);

        // when / then: every CPU is in its own sibling list, and P-core lists hold two CPUs
        int seen = 0;
        while (m.find()) {
            CpuSet siblings = CpuSet.parse(m.group(2));
            int cpu = Integer.parseInt(m.group(1));
            assertThat(siblings.contains(cpu)).as("cpu%d in %s", cpu, m.group(2)).isTrue();
            assertThat(siblings.format()).isEqualTo(m.group(2));
            assertThat(siblings.size()).isBetween(1, 2);
            seen++;
        }
        assertThat(seen).isEqualTo(20);
        assertThat(CpuSet.parse("0,1").format()).isEqualTo("0-1");
    }

    @Test
    void dualSocketEpycNumaListsCoverTheOnlineList() {
        // given
        String lscpu = read("b-dual-socket-smt/util-linux_expected_lscpu-x86_64-epyc_7451.txt");
        Map<String, String> numa = numaLists(lscpu);

        // when
        CpuSet all = CpuSet.parse(String.join(",", numa.values()));
        CpuSet node0 = CpuSet.parse(numa.get("node0"));

        // then
        assertThat(numa).hasSize(8);
        assertThat(all).isEqualTo(CpuSet.parse(online(lscpu)));
        assertThat(all.size()).isEqualTo(96);
        assertThat(node0.format()).isEqualTo("0-5,48-53");
        assertThat(node0.size()).isEqualTo(12);
        numa.values().forEach(list -> assertThat(CpuSet.parse(list).format()).isEqualTo(list));
    }

    @Test
    void dualSocketEpycSocketListFromLscpuParse() {
        // given
        String csv = read("b-dual-socket-smt/GENERATED_from-util-linux-dump_2xEPYC7451.lscpu-p_CPU,CORE,SOCKET,NODE,ONLINE.csv");
        List<String[]> rows = csv.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> l.split(","))
                .toList();

        // when
        CpuSet socket0 = CpuSet.of(rows.stream().filter(f -> f[2].equals("0")).map(f -> Integer.valueOf(f[0])).toList());
        CpuSet socket1 = CpuSet.of(rows.stream().filter(f -> f[2].equals("1")).map(f -> Integer.valueOf(f[0])).toList());

        // then
        assertThat(socket0.format()).isEqualTo("0-23,48-71");
        assertThat(socket1.format()).isEqualTo("24-47,72-95");
        assertThat(socket0.size() + socket1.size()).isEqualTo(96);
    }

    @Test
    void lscpuStrideSyntaxOfTheQuadXeon() {
        // given: NUMA nodes 0, 2, 3 only; node0 printed as "0-62:2"
        String lscpu = read("b-dual-socket-smt/util-linux_expected_lscpu-x86_64-64cpu_4xXeonX7550.txt");
        Map<String, String> numa = numaLists(lscpu);

        // when
        CpuSet node0 = CpuSet.parse(numa.get("node0"));
        CpuSet node2 = CpuSet.parse(numa.get("node2"));
        CpuSet node3 = CpuSet.parse(numa.get("node3"));

        // then
        assertThat(numa.keySet()).containsExactly("node0", "node2", "node3");
        assertThat(node0.cpus()).isEqualTo(IntStream.rangeClosed(0, 62).filter(c -> c % 2 == 0).boxed().toList());
        assertThat(node2.cpus()).startsWith(1, 5, 9).endsWith(57, 61).hasSize(16);
        assertThat(node3.cpus()).startsWith(3, 7).endsWith(63).hasSize(16);
        assertThat(CpuSet.parse(numa.get("node0") + "," + numa.get("node2") + "," + numa.get("node3")))
                .isEqualTo(CpuSet.parse(online(lscpu)));
    }

    @Test
    void singleSocketEpycCommaListsFromTheIssueExcerpt() {
        // given
        String lscpu = read("c-single-socket-epyc-multi-numa/opennebula-issue-3256_EPYC-7251_1socket_4numa_lscpu.EXCERPT.txt");
        Map<String, String> numa = numaLists(lscpu);

        // when
        CpuSet node1 = CpuSet.parse(numa.get("node1"));

        // then
        assertThat(numa).hasSize(4);
        assertThat(node1.cpus()).containsExactly(2, 3, 10, 11);
        assertThat(node1.format()).isEqualTo("2-3,10-11");
        assertThat(CpuSet.parse(String.join(",", numa.values())).format()).isEqualTo("0-15");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "'';0;''",
        "' 3 ';1;3",
        "5,1,3,2;4;1-3,5",
        "8,9;2;8-9",
        "0-3,2-5;6;0-5",
        "0-15,32-47;32;0-15,32-47",
        "0-7:2/4;4;0-1,4-5"})
    void parseAndFormatAreCanonical(String list, int size, String formatted) {
        // when
        CpuSet set = CpuSet.parse(list);

        // then
        assertThat(set.size()).isEqualTo(size);
        assertThat(set.format()).isEqualTo(formatted);
        assertThat(CpuSet.parse(set.format())).isEqualTo(set);
    }

    @Test
    void garbageIsRejectedWithTheItem() {
        // when / then
        assertThatThrownBy(() -> CpuSet.parse("0-3,x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x'");
        assertThatThrownBy(() -> CpuSet.parse("5-2")).hasMessageContaining("Descending");
        assertThatThrownBy(() -> CpuSet.parse("0,,1")).hasMessageContaining("''");
        assertThatThrownBy(() -> CpuSet.parse("99999999999")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> CpuSet.parse("0-8:0")).hasMessageContaining("step");
        assertThatThrownBy(() -> CpuSet.of(-1)).hasMessageContaining("-1");
    }
}
