package org.sth.automation.adapter.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.TableBinder;
import org.sth.automation.host.topology.CpuTopology;

/**
 * One benchmark's behaviour; its facts live in {@link #spec()}. The engine runs discover and preflight for every
 * benchmark, stages what preflight's resolver selected (bundle, source tree, source build), then calls the
 * adapter's {@link #stage} hook, {@link #execute} and {@link #collect}; publish and finalize need nothing from it.
 */
public interface BenchmarkAdapter {

    /** The adapter's facts without a config. */
    AdapterSpec spec();

    /** The adapter's facts under a config (e.g. a build command from its own table); the default ignores the config. */
    default AdapterSpec spec(AutomationConfig config) {
        return spec();
    }

    /** The top-level config tables this adapter reads (bound when the config is loaded, e.g. {@code [agentsth]}). */
    default List<TableBinder<?>> configTables() {
        return List.of();
    }

    /**
     * What the benchmark will run on a host of this topology (e.g. agentsth's run families), for the staging report and
     * the preflight summary; {@code topology} is null when it is not known yet, and {@code topologyBasis} says where it
     * came from (or why there is none). Its JSON may carry {@code lines}: one line per item for text summaries. Empty
     * (the default) when the benchmark plans nothing per host.
     */
    default Optional<ObjectNode> plan(AutomationConfig config, CpuTopology topology, String topologyBasis) {
        return Optional.empty();
    }

    /**
     * Where the benchmark's numbers are after its collect step, when it has any: only such a benchmark can be repeated
     * until its runs agree ({@code repeat}, docs/integrity.md). Empty (the default) for a benchmark whose result is not a
     * number (an inventory, a file set).
     */
    default Optional<NumericResult> numericResult() {
        return Optional.empty();
    }

    /**
     * Anything the benchmark needs on the host beyond what the engine staged; {@code staged} is the engine's
     * staging result (its details go into the step manifest). Idempotent. The default adds nothing.
     */
    default StepResult stage(StepContext ctx, StepResult staged) {
        return staged;
    }

    /** Runs the benchmark under its ceiling; idempotent through checkpointed commands. */
    StepResult execute(StepContext ctx);

    /** Brings results to the run directory, hashes and validates them; empty results are a failure. */
    StepResult collect(StepContext ctx);
}
