package org.sth.automation.adapter.agentsth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sth.automation.host.topology.CpuSet;
import org.sth.automation.host.topology.CpuTopology;

/** {@code threading}: every logical CPU of the pool, or one CPU per physical core (SMT siblings left idle). */
public enum Threading {
    /** Every logical CPU of the pool (SMT siblings included). */
    LOGICAL,
    /** One CPU per physical core: the lowest CPU of each core that the pool holds. */
    PHYSICAL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The threading named {@code text} ({@code logical}, {@code physical}); anything else raises {@link IllegalArgumentException}. */
    public static Threading parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "logical" -> LOGICAL;
            case "physical", "physical_only", "physical-only" -> PHYSICAL;
            default -> throw new IllegalArgumentException("threading '" + text + "' is neither logical nor physical");
        };
    }

    /** The pool's CPUs under this threading. */
    public CpuSet apply(CpuSet pool, CpuTopology t) {
        if (this == LOGICAL) {
            return pool;
        }
        List<Integer> keep = new ArrayList<>();
        for (CpuTopology.Core core : t.cores()) {
            CpuSet inPool = core.cpus().intersect(pool);
            if (!inPool.isEmpty()) {
                keep.add(inPool.cpus().get(0));
            }
        }
        // CPUs of the pool the topology has no core for (offline) are not kept: they are not usable
        return CpuSet.of(keep);
    }
}
