package org.sth.automation.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.sth.automation.UsageException;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.engine.resume.ResumePlanner;
import org.sth.automation.observe.AgentResult;
import org.sth.automation.run.RunStore;
import org.sth.automation.transport.SecretSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code resume}: re-queues exactly the unfinished work of a run and runs it to the end; finished steps are not redone. */
@Command(name = "resume", mixinStandardHelpOptions = true, description = "Re-queue a run's unfinished work and run it; finished steps are not redone.")
final class ResumeCommand implements Callable<Integer>, JsonOutput {

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

    @Mixin
    ProgressOption output = new ProgressOption();

    @Override
    public boolean json() {
        return output.json;
    }

    @Override
    public String verb() {
        return "resume";
    }

    SecretSource secrets = SecretSource.ENVIRONMENT;

    @Override
    public Integer call() {
        RunStore store = RunDirArgument.open(runDir);
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
        ObjectNode now = store.statusSnapshot();
        if ("broker".equals(now.path("spool").asText()) && !store.state().isSettled()) {
            // its message is in a broker queue (or with a controller): a second message would run the phase twice
            throw new UsageException("run " + store.plan().runId() + " is in flight in broker mode (state " + store.state().id()
                    + ", phase " + now.path("phase").asText() + ", last taken by controller " + now.path("controller").asText()
                    + "): its message is in the broker, and a controller of the broker continues it (fix: start a `serve --broker ...`"
                    + " if none runs; resume is for runs that are interrupted or parked, see docs/scaling.md)");
        }
        AutomationConfig cfg = Adapters.loadConfig(planned);
        if (store.plan().workRoot().isBlank()) {
            store.completePlan(planned, cfg.paths().workRoot());
        }
        OneShot.Reporting reporting = output.reporting(spec);
        ObjectNode result = AgentResult.of("resume", Main.OK);
        int rc = continueRun(reporting, result, store, cfg, noWait, timeout, secrets, () -> ResumePlanner.requeue(store).map(r -> {
            say(reporting, result, "Resuming " + store.plan().runId() + " at " + r.phase().id() + " (" + r.how() + ")");
            return true;
        }).orElseGet(() -> {
            say(reporting, result, "Nothing to resume: every phase and step of " + store.plan().runId() + " completed.");
            return false;
        }));
        if (output.json) {
            AgentResult.exit(result, rc, "run " + store.plan().runId() + " is " + store.state().id() + " (next_command says what to do)");
            result.withArray("runs").add(AgentResult.run(OneShot.derivedStatus(store.layout().dir())));
            JsonOutput.print(Output.out(spec), result);
        }
        return rc;
    }

    private static void say(OneShot.Reporting reporting, ObjectNode result, String line) {
        reporting.progress().println(line);
        reporting.progress().flush();
        AgentResult.message(result, line);
    }

    static int continueRun(OneShot.Reporting reporting, ObjectNode result, RunStore store, AutomationConfig cfg, boolean noWait, Duration timeout,
            SecretSource secrets, java.util.function.BooleanSupplier queue) {
        if (noWait) {
            // the work root's running controllers continue the run: only with the config they run (exit 2 otherwise)
            try (var sameConfig = org.sth.automation.phase.cluster.WorkRootConfig.join(cfg.paths().workRoot(), cfg)) {
                return queue.getAsBoolean() || store.isFinished() ? Main.OK : Main.FAILED;
            }
        }
        boolean[] queued = {false};
        // with intake: a request a crash left in the inbox is consumed (and its run followed to the end) as `run` would
        OneShot.Outcome outcome = OneShot.runUntilDone(reporting, cfg, secrets, true, List.of(store.plan().host()), () -> {
            queued[0] = queue.getAsBoolean();
            return queued[0] ? List.of(store.layout().dir()) : List.of();
        }, timeout);
        outcome.lines().forEach(l -> AgentResult.message(result, l));
        return queued[0] ? outcome.exit() : (store.isFinished() ? Main.OK : Main.FAILED);
    }
}
