package org.sth.automation.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.sth.automation.UsageException;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.engine.resume.ResumePlanner;
import org.sth.automation.run.RunStore;
import org.sth.automation.transport.SecretSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code resume}: re-queues exactly the unfinished work of a run and runs it to the end; finished steps are not redone. */
@Command(name = "resume", mixinStandardHelpOptions = true, description = "Re-queue a run's unfinished work and run it; finished steps are not redone.")
final class ResumeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--run-dir", required = true, description = "The run directory.")
    Path runDir;

    @Option(names = "--config", description = "The run's config file (optional: the run keeps the config it was planned with; "
            + "given, it must be that same file).")
    Path config;

    @Option(names = "--no-wait", description = "Only re-queue (a running `serve` picks it up).")
    boolean noWait;

    @Option(names = "--timeout", defaultValue = "PT24H", description = "How long to wait (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    SecretSource secrets = SecretSource.ENVIRONMENT;

    @Override
    public Integer call() {
        RunStore store = RunStore.open(runDir);
        String recorded = store.plan().configPath();
        if (recorded == null || recorded.isBlank()) {
            // a run directory of the original tool's shape: its plan was rebuilt without the config it ran with
            if (config == null) {
                throw new UsageException("the run directory " + store.layout().dir() + " does not record the config it ran with "
                        + "(its plan was restored from an older layout) (fix: pass --config <the config of that run>)");
            }
            AutomationConfig cfg = Adapters.loadConfig(config);
            store.completePlan(config, cfg.paths().workRoot());
            recorded = store.plan().configPath();
        }
        Path planned = Path.of(recorded).toAbsolutePath().normalize();
        if (config != null && !config.toAbsolutePath().normalize().equals(planned)) {
            throw new UsageException("--config " + config + " is not the config this run was planned with (" + planned
                    + "); a run keeps its config (fix: drop --config, or pass " + planned + ")");
        }
        AutomationConfig cfg = Adapters.loadConfig(planned);
        if (store.plan().workRoot().isBlank()) {
            store.completePlan(planned, cfg.paths().workRoot());
        }
        return continueRun(spec, store, cfg, noWait, timeout, secrets, () -> ResumePlanner.requeue(store).map(r -> {
            Output.out(spec).println("Resuming " + store.plan().runId() + " at " + r.phase().id() + " (" + r.how() + ")");
            return true;
        }).orElseGet(() -> {
            Output.out(spec).println("Nothing to resume: every phase and step of " + store.plan().runId() + " completed.");
            return false;
        }));
    }

    static int continueRun(CommandSpec spec, RunStore store, AutomationConfig cfg, boolean noWait, Duration timeout,
            SecretSource secrets, java.util.function.BooleanSupplier queue) {
        if (noWait) {
            return queue.getAsBoolean() || store.isFinished() ? Main.OK : Main.FAILED;
        }
        boolean[] queued = {false};
        int rc = OneShot.runUntilDone(Output.out(spec), cfg, secrets, false, () -> {
            queued[0] = queue.getAsBoolean();
            return queued[0] ? List.of(store.layout().dir()) : List.of();
        }, timeout);
        return queued[0] ? rc : (store.isFinished() ? Main.OK : Main.FAILED);
    }
}
