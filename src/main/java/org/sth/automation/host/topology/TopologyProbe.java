package org.sth.automation.host.topology;

/**
 * The one remote command that captures everything the topology model is built from, in sections
 * ({@code ### lscpu}, {@code ### lscpu-table}, {@code ### sysfs}, {@code ### lstopo-xml}); every part is best effort
 * (a host without lscpu or hwloc still answers with sysfs). Read back with {@link TopologySources#fromProbeOutput}.
 */
public final class TopologyProbe {

    /** Starts a section of the probe's output. */
    public static final String MARK = "### ";

    private static final String CPU = "/sys/devices/system/cpu";

    /** The probe; POSIX sh, C locale, lstopo bounded to 60 s (without I/O objects, which are slow and unused). */
    public static final String COMMAND = String.join("; ",
            "export LC_ALL=C",
            "echo '" + MARK + "lscpu'",
            "lscpu 2>/dev/null",
            "echo '" + MARK + "lscpu-table'",
            "lscpu -p=CPU,CORE,SOCKET,NODE,ONLINE,MAXMHZ 2>/dev/null || lscpu -p=CPU,CORE,SOCKET,NODE,ONLINE 2>/dev/null",
            "echo '" + MARK + "sysfs'",
            "grep -H . " + CPU + "/online " + CPU + "/offline " + CPU + "/present "
                    + CPU + "/cpu[0-9]*/online " + CPU + "/cpu[0-9]*/topology/physical_package_id "
                    + CPU + "/cpu[0-9]*/topology/core_id " + CPU + "/cpu[0-9]*/topology/cluster_id "
                    + CPU + "/cpu[0-9]*/topology/thread_siblings_list " + CPU + "/cpu[0-9]*/cpu_capacity "
                    + CPU + "/cpu[0-9]*/cpufreq/cpuinfo_max_freq /sys/devices/system/node/node[0-9]*/cpulist "
                    + "/sys/devices/cpu_core/cpus /sys/devices/cpu_atom/cpus 2>/dev/null",
            "echo '" + MARK + "lstopo-xml'",
            "if command -v lstopo-no-graphics >/dev/null 2>&1; then l=lstopo-no-graphics; elif command -v lstopo >/dev/null 2>&1; "
                    + "then l=lstopo; else l=; fi",
            "if [ -n \"$l\" ]; then if command -v timeout >/dev/null 2>&1; then timeout 60 $l --no-io --of xml 2>/dev/null; "
                    + "else $l --no-io --of xml 2>/dev/null; fi; fi",
            "echo '" + MARK + "end'",
            "true");

    private TopologyProbe() {
    }
}
