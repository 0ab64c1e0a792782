package org.sth.automation.host.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The one CPU topology model: every CPU the host reported (online or not) with its socket, core, NUMA node, thread
 * siblings and core kind, built by {@link TopologyParser} from lscpu, sysfs and lstopo. Everything the planner, the
 * system-info summary, the latency statistics and discovery's inventory need is derived here.
 *
 * @param cpus       every CPU, by id
 * @param sources    which inputs the model was built from ({@code lscpu -p}, {@code sysfs topology}, ...)
 * @param kindSource what decided the core kinds ({@code sysfs cpu_core/cpu_atom}, {@code lstopo cpukinds},
 *                   {@code cpu_capacity}, {@code max frequency}), null when every core is {@link CoreKind#UNIFORM}
 * @param notes      what the parser had to decide (dropped rows, core ids it did not trust, ...)
 * @param lscpu      plain lscpu's facts, null when not captured
 */
public record CpuTopology(List<Cpu> cpus, List<String> sources, String kindSource, List<String> notes, LscpuSummary lscpu) {

    public static final int SCHEMA_VERSION = 1;

    /** One physical core: its online CPUs (SMT siblings), socket, NUMA node and kind. */
    public record Core(Integer socket, Integer node, CpuSet cpus, CoreKind kind) {

        /** The core's first (primary) CPU: the one a physical-only pool keeps. */
        public int primary() {
            return cpus.cpus().get(0);
        }
    }

    public CpuTopology {
        cpus = cpus.stream().sorted(Comparator.comparingInt(Cpu::id)).toList();
        sources = List.copyOf(sources);
        notes = List.copyOf(notes);
    }

    /** The CPU with this id, or null. */
    public Cpu cpu(int id) {
        return cpus.stream().filter(c -> c.id() == id).findFirst().orElse(null);
    }

    /** Every CPU the host reported. */
    public CpuSet present() {
        return CpuSet.of(cpus.stream().map(Cpu::id).toList());
    }

    public CpuSet online() {
        return CpuSet.of(cpus.stream().filter(Cpu::online).map(Cpu::id).toList());
    }

    public CpuSet offline() {
        return CpuSet.of(cpus.stream().filter(c -> !c.online()).map(Cpu::id).toList());
    }

    /** Whether the host reported anything at all. */
    public boolean isEmpty() {
        return cpus.isEmpty();
    }

    /** Online CPUs by socket id (CPUs of an unknown socket are left out). */
    public SortedMap<Integer, CpuSet> sockets() {
        return groupOnline(Cpu::socket);
    }

    /** Online CPUs by NUMA node (ids may have gaps; an empty map when the host reports no nodes). */
    public SortedMap<Integer, CpuSet> numaNodes() {
        return groupOnline(Cpu::node);
    }

    private SortedMap<Integer, CpuSet> groupOnline(java.util.function.Function<Cpu, Integer> key) {
        Map<Integer, List<Integer>> by = new TreeMap<>();
        cpus.stream().filter(Cpu::online).filter(c -> key.apply(c) != null)
                .forEach(c -> by.computeIfAbsent(key.apply(c), k -> new ArrayList<>()).add(c.id()));
        SortedMap<Integer, CpuSet> out = new TreeMap<>();
        by.forEach((k, v) -> out.put(k, CpuSet.of(v)));
        return out;
    }

    /**
     * The physical cores of the online CPUs: each CPU with its online thread siblings, ordered by socket, NUMA node and
     * first CPU, so that consecutive cores are close (the order the planner splits in).
     */
    public List<Core> cores() {
        Map<CpuSet, Cpu> firstOf = new LinkedHashMap<>();
        CpuSet online = online();
        for (Cpu c : cpus) {
            if (!c.online()) {
                continue;
            }
            CpuSet siblings = c.threadSiblings() == null ? CpuSet.of(c.id()) : c.threadSiblings().intersect(online);
            if (!siblings.contains(c.id())) {
                siblings = CpuSet.of(c.id());
            }
            firstOf.putIfAbsent(siblings, c);
        }
        List<Core> cores = new ArrayList<>();
        firstOf.forEach((set, c) -> cores.add(new Core(c.socket(), c.node(), set, c.kind())));
        cores.sort(Comparator.<Core>comparingInt(k -> Objects.requireNonNullElse(k.socket(), -1))
                .thenComparingInt(k -> Objects.requireNonNullElse(k.node(), -1))
                .thenComparingInt(Core::primary));
        return cores;
    }

    /** Whether any online core runs more than one thread. */
    public boolean smt() {
        return cores().stream().anyMatch(c -> c.cpus().size() > 1);
    }

    /** Whether the host has performance and efficiency cores. */
    public boolean hybrid() {
        return !performanceCpus().isEmpty() && !efficiencyCpus().isEmpty();
    }

    /** Online CPUs of performance cores (empty on a uniform host). */
    public CpuSet performanceCpus() {
        return ofKind(CoreKind.PERFORMANCE);
    }

    /** Online CPUs of efficiency cores (empty on a uniform host). */
    public CpuSet efficiencyCpus() {
        return ofKind(CoreKind.EFFICIENCY);
    }

    private CpuSet ofKind(CoreKind kind) {
        return CpuSet.of(cpus.stream().filter(Cpu::online).filter(c -> c.kind() == kind).map(Cpu::id).toList());
    }

    /** One line for operators: counts, sockets, nodes, SMT and hybrid split. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append(online().size()).append(" online CPUs (").append(online().format()).append(")");
        if (!offline().isEmpty()) {
            s.append(", offline ").append(offline().format());
        }
        s.append(", ").append(cores().size()).append(" cores, ").append(sockets().size()).append(" socket(s), ")
                .append(numaNodes().size()).append(" NUMA node(s)").append(smt() ? ", SMT" : ", no SMT");
        if (hybrid()) {
            s.append(", hybrid: P ").append(performanceCpus().format()).append(" / E ").append(efficiencyCpus().format())
                    .append(" (from ").append(kindSource).append(")");
        }
        return s.toString();
    }

    /** The cache file form ({@code cpu_topology.json}); {@link #fromJson} reads it back. */
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("schema_version", SCHEMA_VERSION);
        sources.forEach(n.putArray("sources")::add);
        n.put("kind_source", kindSource);
        notes.forEach(n.putArray("notes")::add);
        n.put("description", describe());
        n.put("online", online().format());
        n.put("offline", offline().format());
        n.put("smt", smt());
        n.put("hybrid", hybrid());
        n.put("performance_cpus", performanceCpus().format());
        n.put("efficiency_cpus", efficiencyCpus().format());
        ObjectNode sockets = n.putObject("sockets");
        sockets().forEach((k, v) -> sockets.put(String.valueOf(k), v.format()));
        ObjectNode nodes = n.putObject("numa_nodes");
        numaNodes().forEach((k, v) -> nodes.put(String.valueOf(k), v.format()));
        ArrayNode cores = n.putArray("cores");
        for (Core c : cores()) {
            ObjectNode o = cores.addObject();
            o.put("socket", c.socket());
            o.put("node", c.node());
            o.put("cpus", c.cpus().format());
            o.put("kind", c.kind().id());
        }
        if (lscpu != null) {
            n.set("lscpu", lscpu.toJson());
        }
        ArrayNode list = n.putArray("cpus");
        for (Cpu c : cpus) {
            ObjectNode o = list.addObject();
            o.put("cpu", c.id());
            o.put("online", c.online());
            o.put("socket", c.socket());
            o.put("core", c.core());
            o.put("node", c.node());
            o.put("cluster", c.cluster());
            o.put("l1d", c.l1d());
            o.put("siblings", c.threadSiblings() == null ? null : c.threadSiblings().format());
            o.put("max_mhz", c.maxMhz());
            o.put("capacity", c.capacity());
            o.put("kind", c.kind().id());
        }
        return n;
    }

    /** Reads {@link #toJson()}; the {@code cpus} list is authoritative, every other field is derived again. */
    public static CpuTopology fromJson(JsonNode n) {
        if (!n.path("cpus").isArray()) {
            throw new IllegalArgumentException("not a CPU topology: no 'cpus' list");
        }
        List<Cpu> cpus = new ArrayList<>();
        for (JsonNode c : n.path("cpus")) {
            cpus.add(new Cpu(c.path("cpu").asInt(), c.path("online").asBoolean(true), integer(c, "socket"), integer(c, "core"),
                    integer(c, "node"), integer(c, "cluster"), integer(c, "l1d"),
                    c.path("siblings").isTextual() ? CpuSet.parse(c.path("siblings").asText()) : null,
                    c.path("max_mhz").isNumber() ? c.path("max_mhz").asDouble() : null, integer(c, "capacity"),
                    CoreKind.of(c.path("kind").asText(null))));
        }
        List<String> sources = new ArrayList<>();
        n.path("sources").forEach(s -> sources.add(s.asText()));
        List<String> notes = new ArrayList<>();
        n.path("notes").forEach(s -> notes.add(s.asText()));
        JsonNode l = n.path("lscpu");
        LscpuSummary lscpu = l.isObject() ? new LscpuSummary(l.path("architecture").asText("unknown"), strings(l.path("model_names")),
                integer(l, "logical_cpu_count"), integer(l, "sockets"), integer(l, "threads_per_core"), integer(l, "numa_nodes")) : null;
        return new CpuTopology(cpus, sources, n.path("kind_source").isTextual() ? n.path("kind_source").asText() : null, notes, lscpu);
    }

    /** The {@code cpu_topology} block of the host inventory: counts, the split the planner sees, and where it came from. */
    public ObjectNode summaryJson() {
        ObjectNode t = JsonNodeFactory.instance.objectNode();
        t.put("logical_cpus", online().size());
        t.put("physical_cores", cores().size());
        t.put("sockets", sockets().size());
        t.put("numa_nodes", numaNodes().size());
        t.put("offline_cpus", offline().format());
        t.put("smt", smt());
        t.put("hybrid", hybrid());
        t.put("performance_cpus", performanceCpus().format());
        t.put("efficiency_cpus", efficiencyCpus().format());
        t.put("kind_source", kindSource);
        t.put("source", cpus.isEmpty() ? "unavailable" : String.join(", ", sources));
        return t;
    }

    private static Integer integer(JsonNode n, String key) {
        JsonNode v = n.path(key);
        return v.isIntegralNumber() ? v.asInt() : null;
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(x -> out.add(x.asText()));
        return out;
    }
}
