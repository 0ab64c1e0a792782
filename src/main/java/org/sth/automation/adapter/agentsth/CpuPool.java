package org.sth.automation.adapter.agentsth;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.sth.automation.host.topology.CpuSet;
import org.sth.automation.host.topology.CpuTopology;

/**
 * Which CPUs of a host a family may use, as written in {@code cpu_pool}: {@code all}, {@code p_cores},
 * {@code e_cores}, {@code socket N}, {@code numa N}, or an explicit Linux cpu list ({@code 0-7,16-23}).
 */
public record CpuPool(Kind kind, Integer index, CpuSet list) {

    /** The kinds of pool. */
    public enum Kind { ALL, P_CORES, E_CORES, SOCKET, NUMA, LIST }

    /** Every online CPU. */
    public static final CpuPool ALL = new CpuPool(Kind.ALL, null, null);

    private static final Pattern INDEXED = Pattern.compile("(socket|numa|node)[\\s:_-]*(\\d{1,6})");
    private static final String FORMS = "all, p_cores, e_cores, \"socket N\", \"numa N\" or a cpu list such as \"0-7,16-23\"";

    /**
     * Reads a {@code cpu_pool} value; an unreadable one raises {@link IllegalArgumentException} with what is allowed.
     */
    public static CpuPool parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "all" -> {
                return ALL;
            }
            case "p_cores", "p-cores", "pcores" -> {
                return new CpuPool(Kind.P_CORES, null, null);
            }
            case "e_cores", "e-cores", "ecores" -> {
                return new CpuPool(Kind.E_CORES, null, null);
            }
            default -> {
            }
        }
        Matcher m = INDEXED.matcher(t);
        if (m.matches()) {
            return new CpuPool(m.group(1).equals("socket") ? Kind.SOCKET : Kind.NUMA, Integer.parseInt(m.group(2)), null);
        }
        if (t.isEmpty() || !t.matches("[0-9][0-9,:/\\s-]*")) {
            throw new IllegalArgumentException("cpu_pool '" + text + "' is none of " + FORMS);
        }
        CpuSet list;
        try {
            list = CpuSet.parse(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cpu_pool '" + text + "' is not a cpu list: " + e.getMessage());
        }
        return new CpuPool(Kind.LIST, null, list);
    }

    /** The pool as the config writes it. */
    public String config() {
        return switch (kind) {
            case ALL -> "all";
            case P_CORES -> "p_cores";
            case E_CORES -> "e_cores";
            case SOCKET -> "socket " + index;
            case NUMA -> "numa " + index;
            case LIST -> list.format();
        };
    }

    /** The pool's part of a family id ({@code all}, {@code p-cores}, {@code socket1}, {@code numa3}, {@code cpus-0-7.16-23}). */
    public String id() {
        return switch (kind) {
            case ALL -> "all";
            case P_CORES -> "p-cores";
            case E_CORES -> "e-cores";
            case SOCKET -> "socket" + index;
            case NUMA -> "numa" + index;
            case LIST -> {
                String f = "cpus-" + list.format().replace(',', '.');
                yield f.length() <= 40 ? f : "cpus-" + Integer.toHexString(list.format().hashCode());
            }
        };
    }

    /** The pool in words, for labels. */
    public String describe() {
        return switch (kind) {
            case ALL -> "all online CPUs";
            case P_CORES -> "P-cores";
            case E_CORES -> "E-cores";
            case SOCKET -> "socket " + index;
            case NUMA -> "NUMA node " + index;
            case LIST -> "CPUs " + list.format();
        };
    }

    /** The pool's CPUs on a host, or the reason it has none there. */
    public Resolved resolve(CpuTopology t) {
        CpuSet online = t.online();
        return switch (kind) {
            case ALL -> online.isEmpty() ? Resolved.no("the host reports no online CPU") : Resolved.of(online);
            case P_CORES -> t.hybrid() ? Resolved.of(t.performanceCpus()) : Resolved.no(notHybrid());
            case E_CORES -> t.hybrid() ? Resolved.of(t.efficiencyCpus()) : Resolved.no(notHybrid());
            case SOCKET -> indexed(t.sockets(), "socket", "sockets", "socket ids");
            case NUMA -> indexed(t.numaNodes(), "NUMA node", "NUMA nodes", "NUMA nodes (empty NODE column, no node cpulists)");
            case LIST -> {
                CpuSet absent = list.minus(t.present());
                CpuSet offline = list.intersect(t.offline());
                if (!absent.isEmpty()) {
                    yield Resolved.no("CPUs " + absent.format() + " are not present on the host (present: " + t.present().format() + ")");
                }
                yield offline.isEmpty() ? Resolved.of(list) : Resolved.no("CPUs " + offline.format() + " are offline (online: "
                        + online.format() + ")");
            }
        };
    }

    private static String notHybrid() {
        return "the host is not hybrid: nothing it reports splits performance from efficiency cores (cpu_core/cpu_atom lists, "
                + "hwloc cpukinds, a gap of 15% or more in cpu_capacity or maximum frequency)";
    }

    private Resolved indexed(Map<Integer, CpuSet> all, String what, String plural, String none) {
        if (all.isEmpty()) {
            return Resolved.no("the host reports no " + none);
        }
        CpuSet cpus = all.get(index);
        if (cpus == null) {
            return Resolved.no("the host has no " + what + " " + index + " (" + plural + ": "
                    + all.keySet().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")");
        }
        return Resolved.of(cpus);
    }

    /** A pool on a host: its CPUs, or why it has none. */
    public record Resolved(CpuSet cpus, String reason) {

        static Resolved of(CpuSet cpus) {
            return new Resolved(cpus, null);
        }

        static Resolved no(String reason) {
            return new Resolved(null, reason);
        }

        public boolean ok() {
            return cpus != null;
        }
    }
}
