package org.sth.automation.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.adapter.spi.StepContext;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.HostConfig;
import org.sth.automation.host.topology.CpuTopology;
import org.sth.automation.run.RecordingSession;
import org.sth.automation.run.RunLayout;
import org.sth.automation.run.RunPlan;
import org.sth.automation.run.StepManifests;
import org.sth.automation.run.status.Phase;

/** The engine's {@link StepContext}: one benchmark's view of a {@link RunContext}. */
final class BenchmarkContext implements StepContext {

    private final RunContext run;
    private final String benchmark;
    private final AdapterSpec spec;

    BenchmarkContext(RunContext run, String benchmark, AdapterSpec spec) {
        this.run = run;
        this.benchmark = benchmark;
        this.spec = spec;
    }

    @Override
    public String benchmark() {
        return benchmark;
    }

    @Override
    public RunPlan plan() {
        return run.plan();
    }

    @Override
    public AutomationConfig config() {
        return run.config();
    }

    @Override
    public HostConfig host() {
        return run.host();
    }

    @Override
    public RunLayout layout() {
        return run.layout();
    }

    @Override
    public RecordingSession session() {
        return run.session();
    }

    @Override
    public int attempt() {
        return run.attempt();
    }

    @Override
    public Path resultsDir() {
        return run.layout().benchmarkDir(benchmark);
    }

    @Override
    public Optional<ObjectNode> stepDetails(Phase phase) {
        return StepManifests.read(run.layout(), benchmark, phase).map(m -> m.with("details"));
    }

    @Override
    public String remoteScratch() {
        return run.remoteScratch();
    }

    @Override
    public String remoteWorkDir() {
        return run.remoteScratch() + "/" + benchmark;
    }

    @Override
    public String remoteBundleDir() {
        return remoteWorkDir() + "/bundle";
    }

    @Override
    public String remoteOutDir() {
        return remoteWorkDir() + "/out";
    }

    @Override
    public Duration ceiling() {
        return spec.ceiling(run.config().execution());
    }

    @Override
    public ObjectNode inventory() {
        return run.inventory();
    }

    @Override
    public Optional<CpuTopology> topology() {
        return run.topology();
    }

    @Override
    public String sudoPassword() {
        return run.sudoPassword();
    }

    @Override
    public void warning(String key, String message, String installCommand) {
        run.store().warning(key, message, installCommand);
    }

    /** The benchmark's facts under the run's config. */
    AdapterSpec spec() {
        return spec;
    }
}
