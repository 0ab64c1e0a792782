package org.sth.automation.engine.integrity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.sth.automation.adapter.spi.StepContext;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.HostConfig;
import org.sth.automation.host.topology.CpuTopology;
import org.sth.automation.run.RecordingSession;
import org.sth.automation.run.RunLayout;
import org.sth.automation.run.RunPlan;
import org.sth.automation.run.status.Phase;

/**
 * One run of a repeated step as its adapter sees it: the benchmark's context, with the commands checkpointed per run
 * ({@code #r<n>} after each key), the results collected into {@code iterations/<n>/}, the ceiling that is left of the
 * step's, and this run's execute details.
 */
final class IterationContext implements StepContext {

    private final StepContext step;
    private final int index;
    private final Duration ceiling;
    private ObjectNode executed;

    IterationContext(StepContext step, int index, Duration ceiling) {
        this.step = step;
        this.index = index;
        this.ceiling = ceiling;
    }

    /** The directory of run {@code index} in a benchmark's results. */
    static Path dir(Path results, int index) {
        return results.resolve("iterations").resolve(Integer.toString(index));
    }

    void executed(ObjectNode details) {
        this.executed = details;
    }

    @Override
    public RecordingSession session() {
        return step.session().withKeySuffix("#r" + index);
    }

    @Override
    public Path resultsDir() {
        return dir(step.resultsDir(), index);
    }

    @Override
    public Duration ceiling() {
        return ceiling;
    }

    @Override
    public Optional<ObjectNode> stepDetails(Phase phase) {
        return phase == Phase.EXECUTE && executed != null ? Optional.of(executed) : step.stepDetails(phase);
    }

    @Override
    public String benchmark() {
        return step.benchmark();
    }

    @Override
    public RunPlan plan() {
        return step.plan();
    }

    @Override
    public AutomationConfig config() {
        return step.config();
    }

    @Override
    public HostConfig host() {
        return step.host();
    }

    @Override
    public RunLayout layout() {
        return step.layout();
    }

    @Override
    public int attempt() {
        return step.attempt();
    }

    @Override
    public String remoteScratch() {
        return step.remoteScratch();
    }

    @Override
    public String remoteWorkDir() {
        return step.remoteWorkDir();
    }

    @Override
    public String remoteBundleDir() {
        return step.remoteBundleDir();
    }

    @Override
    public String remoteOutDir() {
        return step.remoteOutDir();
    }

    @Override
    public ObjectNode inventory() {
        return step.inventory();
    }

    @Override
    public Optional<CpuTopology> topology() {
        return step.topology();
    }

    @Override
    public String sudoPassword() {
        return step.sudoPassword();
    }

    @Override
    public void warning(String key, String message, String installCommand) {
        step.warning(key, message, installCommand);
    }
}
