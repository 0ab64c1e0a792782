package org.sth.automation.host.topology;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Physical-core groups built from {@code lscpu -p=CPU,CORE,SOCKET,NODE,ONLINE} with the collector's rules. */
public record CpuTopology(LscpuSummary summary, List<Group> groups) {

    private static final Set<String> ONLINE = Set.of("y", "yes", "1");

    /** One physical core (or, without SMT, one CPU) and the logical CPUs on it, lowest first. */
    public record Group(Integer socket, int core, Integer node, List<Integer> cpus) {

        public Group {
            cpus = List.copyOf(cpus);
        }
    }

    public CpuTopology {
        groups = List.copyOf(groups);
    }

    /**
     * Groups online CPUs by (socket, core), or one group per CPU when {@code threads_per_core == 1}
     * (lscpu CORE ids are not unique on some ARM parts); groups sorted by socket, core, first CPU.
     */
    public static CpuTopology parse(LscpuSummary summary, String csv) {
        Map<List<Integer>, List<Integer>> grouped = new LinkedHashMap<>();
        Map<List<Integer>, Integer> nodes = new LinkedHashMap<>();
        boolean noSmt = Integer.valueOf(1).equals(summary.threadsPerCore());
        for (String raw : csv == null ? List.<String>of() : csv.lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split(",", -1);
            if (columns.length < 4) {
                continue;
            }
            Integer cpu = LscpuParser.intOrNull(columns[0]);
            if (cpu == null) {
                continue;
            }
            Integer core = LscpuParser.intOrNull(columns[1]);
            Integer socket = LscpuParser.intOrNull(columns[2]);
            Integer node = LscpuParser.intOrNull(columns[3]);
            String online = columns.length >= 5 ? columns[4].strip().toLowerCase(Locale.ROOT) : "y";
            if (!ONLINE.contains(online)) {
                continue;
            }
            int groupCore = noSmt || core == null ? cpu : core;
            List<Integer> key = Arrays.asList(socket, groupCore);
            grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(cpu);
            if (node != null) {
                nodes.putIfAbsent(key, node);
            }
        }
        List<Group> groups = new ArrayList<>();
        grouped.forEach((key, members) -> groups.add(new Group(key.get(0), key.get(1), nodes.get(key),
                members.stream().sorted().toList())));
        groups.sort(Comparator.<Group>comparingInt(g -> Objects.requireNonNullElse(g.socket(), 0))
                .thenComparingInt(Group::core)
                .thenComparingInt(g -> g.cpus().get(0)));
        return new CpuTopology(summary, groups);
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
