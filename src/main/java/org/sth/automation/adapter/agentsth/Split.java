package org.sth.automation.adapter.agentsth;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many agents a family runs, each pinned to its own disjoint CPUs: {@code k} (the pool divided into k equal
 * parts) or {@code "KxN"} (K agents of N CPUs each, taken from the pool in topology order).
 *
 * @param agents       number of agents, 1 or more
 * @param cpusPerAgent CPUs per agent, null when the pool is divided evenly
 */
public record Split(int agents, Integer cpusPerAgent) {

    /** Largest number of agents or CPUs per agent a config may ask for. */
    public static final int MAX = 4096;

    /** One agent on the whole pool. */
    public static final Split SINGLE = new Split(1, null);

    private static final Pattern KXN = Pattern.compile("\\s*(\\d{1,6})\\s*[xX×]\\s*(\\d{1,6})\\s*");

    public Split {
        if (agents < 1 || agents > MAX) {
            throw new IllegalArgumentException("agent count " + agents + " is outside 1.." + MAX);
        }
        if (cpusPerAgent != null && (cpusPerAgent < 1 || cpusPerAgent > MAX)) {
            throw new IllegalArgumentException("CPUs per agent " + cpusPerAgent + " is outside 1.." + MAX);
        }
    }

    /** Reads an integer agent count or a {@code "KxN"} string; anything else raises {@link IllegalArgumentException}. */
    public static Split parse(Object value) {
        if (value instanceof Long l) {
            if (l < 1 || l > MAX) {
                throw new IllegalArgumentException("agent count " + l + " is outside 1.." + MAX);
            }
            return new Split(l.intValue(), null);
        }
        if (value instanceof String s) {
            Matcher m = KXN.matcher(s);
            if (m.matches()) {
                return new Split(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            }
            if (s.strip().matches("\\d{1,6}")) {
                return new Split(Integer.parseInt(s.strip()), null);
            }
        }
        throw new IllegalArgumentException("'" + value + "' is neither an agent count (2) nor agents x CPUs (\"2x8\")");
    }

    /** The split's part of a family id: {@code split2}, {@code split4x8}; empty for a single agent on the whole pool. */
    public String id() {
        if (agents == 1 && cpusPerAgent == null) {
            return "";
        }
        return "split" + agents + (cpusPerAgent == null ? "" : "x" + cpusPerAgent);
    }

    /** The split as the config writes it. */
    public Object config() {
        return cpusPerAgent == null ? (Object) (long) agents : agents + "x" + cpusPerAgent;
    }
}
