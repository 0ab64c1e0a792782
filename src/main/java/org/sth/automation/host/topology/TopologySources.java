package org.sth.automation.host.topology;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The raw texts a host reported about its CPUs, as {@link TopologyParser} reads them; any part may be null.
 *
 * @param lscpu      plain {@code lscpu} (threads per core, model names)
 * @param lscpuTable {@code lscpu -p=CPU,CORE,SOCKET,NODE,ONLINE,MAXMHZ} (any columns, named by its header) or {@code lscpu -e}
 * @param sysfs      {@code grep -H .} of the sysfs CPU, node and hybrid PMU files ({@link TopologyProbe} lists them)
 * @param lstopoXml  {@code lstopo --of xml}
 */
public record TopologySources(String lscpu, String lscpuTable, String sysfs, String lstopoXml) {

    /** Only an lscpu table (e.g. a captured {@code lscpu -p} file given to {@code plan --lscpu}). */
    public static TopologySources lscpuTable(String table) {
        return new TopologySources(null, table, null, null);
    }

    /** These sources with the Intel hybrid lists an operator read from {@code /sys/devices/cpu_core|cpu_atom/cpus}. */
    public TopologySources withHybridLists(String coreCpus, String atomCpus) {
        StringBuilder s = new StringBuilder(sysfs == null ? "" : sysfs.endsWith("\n") || sysfs.isEmpty() ? sysfs : sysfs + "\n");
        if (coreCpus != null) {
            s.append("/sys/devices/cpu_core/cpus:").append(coreCpus.strip()).append('\n');
        }
        if (atomCpus != null) {
            s.append("/sys/devices/cpu_atom/cpus:").append(atomCpus.strip()).append('\n');
        }
        return new TopologySources(lscpu, lscpuTable, s.toString(), lstopoXml);
    }

    /** These sources with a sysfs dump added. */
    public TopologySources withSysfs(String dump) {
        return new TopologySources(lscpu, lscpuTable, dump, lstopoXml);
    }

    /** These sources with plain lscpu output added. */
    public TopologySources withLscpu(String text) {
        return new TopologySources(text, lscpuTable, sysfs, lstopoXml);
    }

    /** The sections of {@link TopologyProbe#COMMAND}'s output ({@code ### <name>} lines start each one). */
    public static TopologySources fromProbeOutput(String stdout) {
        Map<String, StringBuilder> sections = new LinkedHashMap<>();
        StringBuilder current = null;
        for (String line : (stdout == null ? "" : stdout).split("\n", -1)) {
            if (line.startsWith(TopologyProbe.MARK)) {
                current = sections.computeIfAbsent(line.substring(TopologyProbe.MARK.length()).strip(), k -> new StringBuilder());
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        return new TopologySources(text(sections, "lscpu"), text(sections, "lscpu-table"), text(sections, "sysfs"),
                text(sections, "lstopo-xml"));
    }

    private static String text(Map<String, StringBuilder> sections, String name) {
        StringBuilder b = sections.get(name);
        return b == null || b.toString().isBlank() ? null : b.toString();
    }
}
