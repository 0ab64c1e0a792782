package org.sth.automation.host.topology;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An immutable set of logical CPU ids read from and written as a Linux cpu list ({@code 0-15,32-47}). */
public final class CpuSet {

    // a-b, a-b:stride (lscpu "0-62:2") and the kernel's a-b:used/group form
    private static final Pattern ITEM = Pattern.compile("(\\d+)(?:-(\\d+)(?::(\\d+)(?:/(\\d+))?)?)?");
    private static final int MAX_CPU = 1 << 20;

    private final BitSet bits;

    private CpuSet(BitSet bits) {
        this.bits = (BitSet) bits.clone();
    }

    /**
     * Parses a Linux cpu list as printed by sysfs ({@code cpus}, {@code *_list}), {@code lscpu} and
     * {@code taskset}: comma-separated ids and ranges, optional {@code :stride} or {@code :used/group}; blank means empty.
     */
    public static CpuSet parse(String list) {
        BitSet bits = new BitSet();
        String text = list == null ? "" : list.strip();
        if (text.isEmpty()) {
            return new CpuSet(bits);
        }
        for (String raw : text.split(",", -1)) {
            String item = raw.strip();
            Matcher m = ITEM.matcher(item);
            if (!m.matches()) {
                throw new IllegalArgumentException("Not a cpu list item: '" + item + "' in '" + text + "'");
            }
            int first = bounded(m.group(1), text);
            int last = m.group(2) == null ? first : bounded(m.group(2), text);
            if (last < first) {
                throw new IllegalArgumentException("Descending cpu range '" + item + "' in '" + text + "'");
            }
            int used = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
            int group = m.group(4) == null ? (m.group(3) == null ? 1 : used) : Integer.parseInt(m.group(4));
            if (used < 1 || group < 1 || used > group && m.group(4) != null) {
                throw new IllegalArgumentException("Bad cpu range step '" + item + "' in '" + text + "'");
            }
            if (m.group(4) == null) {
                // lscpu's "a-b:s" is a plain stride: every s-th CPU
                for (int cpu = first; cpu <= last; cpu += used) {
                    bits.set(cpu);
                }
            } else {
                for (int start = first; start <= last; start += group) {
                    for (int cpu = start; cpu < start + used && cpu <= last; cpu++) {
                        bits.set(cpu);
                    }
                }
            }
        }
        return new CpuSet(bits);
    }

    private static int bounded(String number, String text) {
        long value = Long.parseLong(number.length() > 9 ? "99999999999" : number);
        if (value >= MAX_CPU) {
            throw new IllegalArgumentException("CPU id " + number + " out of range in '" + text + "'");
        }
        return (int) value;
    }

    /** A set of the given CPU ids. */
    public static CpuSet of(Iterable<Integer> cpus) {
        BitSet bits = new BitSet();
        for (Integer cpu : cpus) {
            if (cpu == null || cpu < 0 || cpu >= MAX_CPU) {
                throw new IllegalArgumentException("Bad CPU id: " + cpu);
            }
            bits.set(cpu);
        }
        return new CpuSet(bits);
    }

    /** A set of the given CPU ids. */
    public static CpuSet of(int... cpus) {
        List<Integer> list = new ArrayList<>();
        for (int cpu : cpus) {
            list.add(cpu);
        }
        return of(list);
    }

    /** Number of CPUs in the set. */
    public int size() {
        return bits.cardinality();
    }

    /** Whether the set has no CPU. */
    public boolean isEmpty() {
        return bits.isEmpty();
    }

    /** Whether {@code cpu} is in the set. */
    public boolean contains(int cpu) {
        return cpu >= 0 && bits.get(cpu);
    }

    /** Whether every CPU of {@code other} is in this set. */
    public boolean containsAll(CpuSet other) {
        BitSet rest = (BitSet) other.bits.clone();
        rest.andNot(bits);
        return rest.isEmpty();
    }

    /** CPUs in both sets. */
    public CpuSet intersect(CpuSet other) {
        BitSet both = (BitSet) bits.clone();
        both.and(other.bits);
        return new CpuSet(both);
    }

    /** CPUs in either set. */
    public CpuSet union(CpuSet other) {
        BitSet all = (BitSet) bits.clone();
        all.or(other.bits);
        return new CpuSet(all);
    }

    /** CPUs in this set and not in {@code other}. */
    public CpuSet minus(CpuSet other) {
        BitSet rest = (BitSet) bits.clone();
        rest.andNot(other.bits);
        return new CpuSet(rest);
    }

    /** CPU ids in ascending order. */
    public List<Integer> cpus() {
        return bits.stream().boxed().toList();
    }

    /**
     * The kernel's cpu list form (as in sysfs and {@code Cpus_allowed_list}): ascending, every run of 2+ CPUs as
     * {@code a-b}; lscpu prints pairs as {@code a,b} instead, both parse back to the same set. Empty set → "".
     */
    public String format() {
        StringBuilder out = new StringBuilder();
        int cpu = bits.nextSetBit(0);
        while (cpu >= 0) {
            int end = bits.nextClearBit(cpu) - 1;
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(cpu);
            if (end > cpu) {
                out.append('-').append(end);
            }
            cpu = bits.nextSetBit(end + 1);
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CpuSet set && set.bits.equals(bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }

    @Override
    public String toString() {
        return format();
    }
}
