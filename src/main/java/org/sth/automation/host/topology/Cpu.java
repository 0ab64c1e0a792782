package org.sth.automation.host.topology;

import java.util.Objects;

/**
 * One logical CPU as the host reported it; any fact the host did not report is null.
 *
 * @param id             the kernel's CPU number
 * @param online         whether the CPU is online (offline CPUs are never planned)
 * @param socket         socket (package) id as lscpu numbers it, else sysfs {@code physical_package_id}
 * @param core           core id as lscpu numbers it, else sysfs {@code core_id}; may repeat across clusters (GB10)
 * @param node           NUMA node, null when the host reports none (lscpu's empty NODE column)
 * @param cluster        sysfs {@code cluster_id}
 * @param l1d            lscpu's L1d cache id: CPUs of one core share it
 * @param threadSiblings the CPUs of its physical core (sysfs {@code thread_siblings_list}), null when not reported
 * @param maxMhz         maximum frequency (lscpu MAXMHZ, else sysfs {@code cpuinfo_max_freq})
 * @param capacity       sysfs {@code cpu_capacity} (Arm big.LITTLE), null elsewhere
 * @param kind           performance, efficiency or uniform, set by the parser from the host's hybrid evidence
 */
public record Cpu(int id, boolean online, Integer socket, Integer core, Integer node, Integer cluster, Integer l1d,
        CpuSet threadSiblings, Double maxMhz, Integer capacity, CoreKind kind) {

    public Cpu {
        if (id < 0) {
            throw new IllegalArgumentException("Bad CPU id: " + id);
        }
        kind = Objects.requireNonNullElse(kind, CoreKind.UNIFORM);
    }

    /** This CPU with another kind. */
    public Cpu withKind(CoreKind other) {
        return new Cpu(id, online, socket, core, node, cluster, l1d, threadSiblings, maxMhz, capacity, other);
    }

    /** This CPU with its physical core's CPUs. */
    public Cpu withThreadSiblings(CpuSet siblings) {
        return new Cpu(id, online, socket, core, node, cluster, l1d, siblings, maxMhz, capacity, kind);
    }
}
