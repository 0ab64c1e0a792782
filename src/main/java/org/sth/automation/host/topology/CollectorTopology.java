package org.sth.automation.host.topology;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The published STH collector's view of a {@link CpuTopology}: the {@code cpu.topology} object of system-info's
 * summary.json. Its rules are the collector's, kept for byte-identical output: online CPUs grouped by lscpu's
 * (socket, core), or one group per CPU when lscpu says one thread per core.
 */
public record CollectorTopology(LscpuSummary summary, List<Group> groups) {

    /** One physical core (or, without SMT, one CPU) and the logical CPUs on it, lowest first. */
    public record Group(Integer socket, int core, Integer node, List<Integer> cpus) {

        public Group {
            cpus = List.copyOf(cpus);
        }
    }

    public CollectorTopology {
        groups = List.copyOf(groups);
    }

    /** The collector's view of {@code lscpu -p=CPU,CORE,SOCKET,NODE,ONLINE} output, read by the one parser. */
    public static CollectorTopology parse(LscpuSummary summary, String csv) {
        return of(summary, TopologyParser.parse(TopologySources.lscpuTable(csv)));
    }

    /**
     * Groups online CPUs by (socket, core), or one group per CPU when {@code threads_per_core == 1} (lscpu CORE ids
     * are not unique on some ARM parts); groups sorted by socket, core, first CPU.
     */
    public static CollectorTopology of(LscpuSummary summary, CpuTopology topology) {
        Map<List<Integer>, List<Integer>> grouped = new LinkedHashMap<>();
        Map<List<Integer>, Integer> nodes = new LinkedHashMap<>();
        boolean noSmt = Integer.valueOf(1).equals(summary.threadsPerCore());
        for (Cpu cpu : topology.cpus()) {
            if (!cpu.online()) {
                continue;
            }
            int groupCore = noSmt || cpu.core() == null ? cpu.id() : cpu.core();
            List<Integer> key = Arrays.asList(cpu.socket(), groupCore);
            grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(cpu.id());
            if (cpu.node() != null) {
                nodes.putIfAbsent(key, cpu.node());
            }
        }
        List<Group> groups = new ArrayList<>();
        grouped.forEach((key, members) -> groups.add(new Group(key.get(0), key.get(1), nodes.get(key),
                members.stream().sorted().toList())));
        groups.sort(Comparator.<Group>comparingInt(g -> Objects.requireNonNullElse(g.socket(), 0))
                .thenComparingInt(Group::core)
                .thenComparingInt(g -> g.cpus().get(0)));
        return new CollectorTopology(summary, groups);
    }

    /** Number of groups (physical cores). */
    public int physicalCoreCount() {
        return groups.size();
    }

    /** Number of online logical CPUs. */
    public int logicalCpuCount() {
        return groups.stream().mapToInt(g -> g.cpus().size()).sum();
    }

    /** First CPU of every group, in group order. */
    public List<Integer> primaryCpus() {
        return groups.stream().map(g -> g.cpus().get(0)).toList();
    }

    /** All CPUs, group by group. */
    public List<Integer> logicalCpus() {
        return groups.stream().flatMap(g -> g.cpus().stream()).toList();
    }

    /** First two CPUs of every group that has at least two. */
    public List<List<Integer>> siblingPairs() {
        return groups.stream().filter(g -> g.cpus().size() >= 2).map(g -> g.cpus().subList(0, 2)).toList();
    }

    /** Distinct socket ids seen in the CSV. */
    public long distinctSockets() {
        return groups.stream().map(Group::socket).filter(Objects::nonNull).distinct().count();
    }

    /** The {@code cpu.topology} JSON object of summary.json. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set("summary", summary.toJson());
        node.put("physical_core_count", physicalCoreCount());
        node.put("logical_cpu_count", logicalCpuCount());
        primaryCpus().forEach(node.putArray("primary_cpus")::add);
        logicalCpus().forEach(node.putArray("logical_cpus")::add);
        ArrayNode pairs = node.putArray("sibling_pairs");
        siblingPairs().forEach(pair -> pair.forEach(pairs.addArray()::add));
        ArrayNode groupsNode = node.putArray("groups");
        for (Group group : groups) {
            ObjectNode g = groupsNode.addObject();
            g.put("socket", group.socket());
            g.put("core", group.core());
            g.put("node", group.node());
            group.cpus().forEach(g.putArray("cpus")::add);
        }
        return node;
    }
}
