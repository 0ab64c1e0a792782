package org.sth.automation.adapter.sysinfo;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The fixed, ordered list of the 25 captures of the STH system-info collector (output contract 1.0.0). */
public final class SystemInfoCaptures {

    private static final Duration LONG = Duration.ofSeconds(900);
    private static final Duration DEFAULT = CaptureSpec.DEFAULT_TIMEOUT;

    /** All captures in execution order; ids, commands, paths and timeouts are part of the published contract. */
    public static final List<CaptureSpec> ALL = List.of(
            plain("uname", "uname -a", "raw/uname.txt"),
            plain("os_release", "cat /etc/os-release", "raw/os-release.txt"),
            plain("lscpu", "lscpu", "raw/lscpu.txt"),
            plain("lscpu_topology", "lscpu -p=CPU,CORE,SOCKET,NODE,ONLINE", "raw/lscpu-topology.csv"),
            optional("lscpu_cache", "lscpu -C", "raw/lscpu-cache.txt", DEFAULT),
            plain("cpuinfo", "cat /proc/cpuinfo", "raw/cpuinfo.txt"),
            plain("meminfo", "cat /proc/meminfo", "raw/meminfo.txt"),
            plain("numactl", "numactl --hardware", "raw/numactl.txt"),
            plain("lsblk", "lsblk --json -o NAME,MODEL,SIZE,TYPE,TRAN,VENDOR,MOUNTPOINT", "raw/lsblk.json"),
            plain("df", "df -T", "raw/df.txt"),
            plain("ipaddr", "ip addr", "raw/ipaddr.txt"),
            plain("iproute", "ip route", "raw/iproute.txt"),
            optional("lspci", "lspci", "raw/lspci.txt", DEFAULT),
            privileged("lspci_verbose", "lspci -vvv", "raw/lspci_verbose.txt", LONG),
            privileged("lshw_network", "lshw -C network", "raw/lshw_network.txt", LONG),
            privileged("dmi_system", "dmidecode -t system", "raw/dmi_system.txt", DEFAULT),
            privileged("dmi_baseboard", "dmidecode -t baseboard", "raw/dmi_baseboard.txt", DEFAULT),
            privileged("dmi_processor", "dmidecode -t processor", "raw/dmi_processor.txt", DEFAULT),
            privileged("dmi_memory", "dmidecode -t memory", "raw/dmi_memory.txt", LONG),
            plain("cmdline", "cat /proc/cmdline", "raw/cmdline.txt"),
            optional("cpu_governor", "cat /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor",
                    "raw/cpu_governor.txt", DEFAULT),
            optional("transparent_hugepage", "cat /sys/kernel/mm/transparent_hugepage/enabled",
                    "raw/transparent_hugepage.txt", DEFAULT),
            optional("lstopo_text", "lstopo --of console", "topology/lstopo.txt", LONG),
            optional("lstopo_xml", "lstopo --of xml", "topology/lstopo.xml", LONG),
            optional("lstopo_svg", "lstopo --of svg", "topology/lstopo.svg", LONG));

    private SystemInfoCaptures() {
    }

    /** The spec with this id, if it is part of the list. */
    public static Optional<CaptureSpec> byId(String id) {
        return ALL.stream().filter(spec -> spec.id().equals(id)).findFirst();
    }

    private static CaptureSpec plain(String id, String command, String target) {
        return new CaptureSpec(id, command, target, false, false, DEFAULT);
    }

    private static CaptureSpec optional(String id, String command, String target, Duration timeout) {
        return new CaptureSpec(id, command, target, false, true, timeout);
    }

    private static CaptureSpec privileged(String id, String command, String target, Duration timeout) {
        return new CaptureSpec(id, command, target, true, true, timeout);
    }
}
