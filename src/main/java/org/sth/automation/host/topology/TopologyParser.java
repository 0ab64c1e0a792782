package org.sth.automation.host.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The one topology parser: merges what lscpu, sysfs and lstopo reported into a {@link CpuTopology}. Per CPU, lscpu's
 * numbering wins for socket, core and node (it is what operators read), sysfs fills what lscpu left empty (NODE
 * columns, offline CPUs) and gives the thread siblings, lstopo fills what neither gave. Core kinds come from the
 * strongest evidence present: the Intel hybrid PMU lists, hwloc's cpukinds, Arm's {@code cpu_capacity}, then the
 * per-CPU maximum frequency (split at the largest gap when it is at least {@value #KIND_GAP_PERCENT}%).
 */
public final class TopologyParser {

    /** Smallest gap (in percent of the lower value) between two groups of capacities or frequencies that makes a host hybrid. */
    static final int KIND_GAP_PERCENT = 15;

    private TopologyParser() {
    }

    /** The model of whatever the sources hold; an empty model when they hold nothing usable. */
    public static CpuTopology parse(TopologySources s) {
        List<String> sources = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        LscpuSummary summary = s.lscpu() == null ? null : LscpuParser.summary(s.lscpu());
        if (summary != null) {
            sources.add("lscpu");
        }
        LscpuTable table = LscpuTable.parse(s.lscpuTable());
        if (!table.rows().isEmpty()) {
            sources.add(table.format());
        }
        if (table.droppedRows() > 0) {
            notes.add(table.droppedRows() + " " + table.format() + " row(s) without CPU, CORE, SOCKET and NODE fields were ignored");
        }
        SysfsTopology sysfs = SysfsTopology.parse(s.sysfs());
        if (!sysfs.isEmpty()) {
            sources.add("sysfs");
        }
        HwlocXml xml;
        try {
            xml = HwlocXml.parse(s.lstopoXml());
        } catch (IllegalArgumentException e) {
            xml = HwlocXml.parse(null);
            notes.add(e.getMessage());
        }
        if (!xml.isEmpty()) {
            sources.add("lstopo xml");
        }

        Map<Integer, LscpuTable.Row> rows = new HashMap<>();
        table.rows().forEach(r -> rows.putIfAbsent(r.cpu(), r));
        TreeSet<Integer> ids = new TreeSet<>(rows.keySet());
        ids.addAll(sysfs.perCpu().keySet());
        for (CpuSet set : new CpuSet[] {sysfs.present(), sysfs.online(), sysfs.offline()}) {
            if (set != null) {
                ids.addAll(set.cpus());
            }
        }
        ids.addAll(xml.pus().keySet());

        List<Cpu> cpus = new ArrayList<>();
        for (int id : ids) {
            LscpuTable.Row row = rows.get(id);
            HwlocXml.Pu pu = xml.pus().get(id);
            Integer freqKhz = sysfs.integer(id, "cpuinfo_max_freq");
            cpus.add(new Cpu(id, online(id, row, sysfs, xml),
                    first(row == null ? null : row.socket(), sysfs.integer(id, "physical_package_id"), pu == null ? null : pu.packageIndex()),
                    first(row == null ? null : row.core(), sysfs.integer(id, "core_id"), pu == null ? null : pu.coreIndex()),
                    first(row == null ? null : row.node(), sysfs.nodeOf(id), pu == null ? null : pu.node()),
                    sysfs.integer(id, "cluster_id"), row == null ? null : row.l1d(),
                    first(sysfs.set(id, "thread_siblings_list"), sysfs.set(id, "core_cpus_list"), pu == null ? null : pu.coreCpus()),
                    first(row == null ? null : row.maxMhz(), freqKhz == null || freqKhz <= 0 ? null : freqKhz / 1000.0, null),
                    sysfs.integer(id, "cpu_capacity"), CoreKind.UNIFORM));
        }
        cpus = siblings(cpus, summary, notes);
        String[] kindSource = new String[1];
        cpus = kinds(cpus, sysfs, xml, kindSource);
        return new CpuTopology(cpus, sources, kindSource[0], notes, summary);
    }

    private static boolean online(int id, LscpuTable.Row row, SysfsTopology sysfs, HwlocXml xml) {
        if (sysfs.online() != null) {
            return sysfs.online().contains(id);
        }
        Integer flag = sysfs.integer(id, "online");
        if (flag != null) {
            return flag == 1;
        }
        if (row != null && row.online() != null) {
            return row.online();
        }
        if (sysfs.offline() != null) {
            return !sysfs.offline().contains(id);
        }
        return xml.allowed() == null || xml.allowed().contains(id);
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /**
     * Thread siblings where the host did not report them: each CPU alone when lscpu says one thread per core, else the
     * online CPUs sharing socket, core (and L1d cache when known). Core ids that group CPUs of different maximum
     * frequencies repeat across clusters (GB10's lscpu numbers cores per type): then every CPU is its own core.
     */
    private static List<Cpu> siblings(List<Cpu> cpus, LscpuSummary summary, List<String> notes) {
        if (cpus.stream().filter(Cpu::online).allMatch(c -> c.threadSiblings() != null)) {
            return cpus;
        }
        boolean oneThread = summary != null && Integer.valueOf(1).equals(summary.threadsPerCore());
        Map<List<Integer>, List<Cpu>> groups = new LinkedHashMap<>();
        for (Cpu c : cpus) {
            if (c.online() && c.threadSiblings() == null && c.core() != null && !oneThread) {
                groups.computeIfAbsent(Arrays.asList(c.socket(), c.core(), c.l1d()), k -> new ArrayList<>()).add(c);
            }
        }
        boolean trusted = groups.values().stream().allMatch(g -> g.stream().map(Cpu::maxMhz).filter(Objects::nonNull).distinct().count() <= 1);
        if (!trusted) {
            notes.add("lscpu CORE ids group CPUs of different maximum frequency (ids repeat across clusters): every CPU is taken as its own core");
        }
        Map<Integer, CpuSet> siblingsOf = new HashMap<>();
        if (trusted) {
            groups.values().forEach(g -> {
                CpuSet set = CpuSet.of(g.stream().map(Cpu::id).toList());
                g.forEach(c -> siblingsOf.put(c.id(), set));
            });
        }
        List<Cpu> out = new ArrayList<>();
        for (Cpu c : cpus) {
            out.add(c.threadSiblings() != null || !c.online() ? c
                    : c.withThreadSiblings(siblingsOf.getOrDefault(c.id(), CpuSet.of(c.id()))));
        }
        return out;
    }

    private static List<Cpu> kinds(List<Cpu> cpus, SysfsTopology sysfs, HwlocXml xml, String[] source) {
        if (sysfs.coreCpus() != null && sysfs.atomCpus() != null && !sysfs.coreCpus().isEmpty() && !sysfs.atomCpus().isEmpty()) {
            source[0] = "sysfs cpu_core/cpu_atom";
            return mark(cpus, sysfs.coreCpus(), sysfs.atomCpus());
        }
        if (xml.kinds().size() >= 2) {
            // hwloc lists kinds least efficient first
            CpuSet performance = xml.kinds().get(xml.kinds().size() - 1);
            CpuSet efficiency = CpuSet.parse("");
            for (CpuSet k : xml.kinds().subList(0, xml.kinds().size() - 1)) {
                efficiency = efficiency.union(k);
            }
            source[0] = "lstopo cpukinds";
            return mark(cpus, performance, efficiency);
        }
        CpuSet[] split = gapSplit(cpus, c -> c.capacity() == null ? null : c.capacity().doubleValue());
        if (split != null) {
            source[0] = "cpu_capacity";
            return mark(cpus, split[0], split[1]);
        }
        split = gapSplit(cpus, Cpu::maxMhz);
        if (split != null) {
            source[0] = "max frequency";
            return mark(cpus, split[0], split[1]);
        }
        return cpus;
    }

    /** {performance, efficiency} split at the largest relative gap of a per-CPU value every online CPU has, or null. */
    private static CpuSet[] gapSplit(List<Cpu> cpus, Function<Cpu, Double> value) {
        List<Cpu> online = cpus.stream().filter(Cpu::online).toList();
        if (online.isEmpty() || online.stream().anyMatch(c -> value.apply(c) == null)) {
            return null;
        }
        List<Double> distinct = new ArrayList<>(new TreeSet<>(online.stream().map(value).toList()));
        double bestRatio = 1;
        double threshold = 0;
        for (int i = 0; i + 1 < distinct.size(); i++) {
            double ratio = distinct.get(i + 1) / distinct.get(i);
            if (ratio > bestRatio) {
                bestRatio = ratio;
                threshold = distinct.get(i + 1);
            }
        }
        if (bestRatio < 1 + KIND_GAP_PERCENT / 100.0) {
            return null;
        }
        double t = threshold;
        return new CpuSet[] {CpuSet.of(online.stream().filter(c -> value.apply(c) >= t).map(Cpu::id).toList()),
                CpuSet.of(online.stream().filter(c -> value.apply(c) < t).map(Cpu::id).toList())};
    }

    private static List<Cpu> mark(List<Cpu> cpus, CpuSet performance, CpuSet efficiency) {
        return cpus.stream().map(c -> c.withKind(performance.contains(c.id()) ? CoreKind.PERFORMANCE
                : efficiency.contains(c.id()) ? CoreKind.EFFICIENCY : CoreKind.UNIFORM)).toList();
    }

}
