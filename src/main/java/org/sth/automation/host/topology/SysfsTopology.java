package org.sth.automation.host.topology;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sysfs CPU files as {@code grep -H . FILE...} prints them ({@code /sys/devices/system/cpu/cpu3/topology/core_id:1}):
 * per CPU its online flag, package, core, cluster, thread siblings, capacity and maximum frequency; the online,
 * offline and present lists; each NUMA node's cpulist; and the Intel hybrid PMU lists
 * {@code /sys/devices/cpu_core/cpus} and {@code /sys/devices/cpu_atom/cpus}. Unreadable lines are ignored.
 */
record SysfsTopology(Map<Integer, Map<String, String>> perCpu, CpuSet online, CpuSet offline, CpuSet present,
        Map<Integer, CpuSet> nodes, CpuSet coreCpus, CpuSet atomCpus) {

    private static final Pattern CPU_FILE = Pattern.compile(
            "/?sys/devices/system/cpu/cpu(\\d{1,6})/(?:topology/|cpufreq/)?([a-z_]+):(.*)");
    private static final Pattern LIST_FILE = Pattern.compile("/?sys/devices/system/cpu/(online|offline|present):(.*)");
    private static final Pattern NODE_FILE = Pattern.compile("/?sys/devices/system/node/node(\\d{1,6})/cpulist:(.*)");
    private static final Pattern HYBRID_FILE = Pattern.compile("/?sys/devices/(cpu_core|cpu_atom)/cpus:(.*)");

    static SysfsTopology parse(String text) {
        Map<Integer, Map<String, String>> perCpu = new TreeMap<>();
        Map<String, CpuSet> lists = new HashMap<>();
        Map<Integer, CpuSet> nodes = new TreeMap<>();
        if (text != null) {
            for (String raw : text.lines().toList()) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                Matcher m = CPU_FILE.matcher(line);
                if (m.matches()) {
                    if (!m.group(3).isBlank()) {
                        perCpu.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new HashMap<>()).putIfAbsent(m.group(2), m.group(3).strip());
                    }
                    continue;
                }
                m = LIST_FILE.matcher(line);
                if (m.matches()) {
                    list(lists, m.group(1), m.group(2));
                    continue;
                }
                m = NODE_FILE.matcher(line);
                if (m.matches()) {
                    CpuSet set = cpus(m.group(2));
                    if (set != null) {
                        nodes.put(Integer.parseInt(m.group(1)), set);
                    }
                    continue;
                }
                m = HYBRID_FILE.matcher(line);
                if (m.matches()) {
                    list(lists, m.group(1), m.group(2));
                }
            }
        }
        return new SysfsTopology(perCpu, lists.get("online"), lists.get("offline"), lists.get("present"), nodes,
                lists.get("cpu_core"), lists.get("cpu_atom"));
    }

    private static void list(Map<String, CpuSet> lists, String name, String value) {
        CpuSet set = cpus(value);
        if (set != null) {
            lists.put(name, set);
        }
    }

    private static CpuSet cpus(String value) {
        try {
            return CpuSet.parse(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    boolean isEmpty() {
        return perCpu.isEmpty() && online == null && present == null && nodes.isEmpty() && coreCpus == null;
    }

    Integer integer(int cpu, String attribute) {
        return LscpuParser.intOrNull(perCpu.getOrDefault(cpu, Map.of()).get(attribute));
    }

    CpuSet set(int cpu, String attribute) {
        String v = perCpu.getOrDefault(cpu, Map.of()).get(attribute);
        return v == null ? null : cpus(v);
    }

    /** The node whose cpulist holds {@code cpu}, or null. */
    Integer nodeOf(int cpu) {
        return nodes.entrySet().stream().filter(e -> e.getValue().contains(cpu)).map(Map.Entry::getKey).findFirst().orElse(null);
    }
}
