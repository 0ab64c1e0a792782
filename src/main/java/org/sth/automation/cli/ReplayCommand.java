package org.sth.automation.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.sth.automation.UsageException;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.io.Json;
import org.sth.automation.run.RunStore;
import org.sth.automation.transport.SecretSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code replay}: lists the recovery queues, or moves a parked message (or a phase's all) back into its spool after the
 * cause is fixed and runs the run(s) to the end.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "List the recovery queues (--list), or move recovery/<phase>/<message>.json back into its spool and continue the run.")
final class ReplayCommand implements Callable<Integer>, JsonOutput {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", description = "The recovery message: its path, its id <phase>/<name> (replay --list), or a run id.")
    String message;

    @Option(names = "--list", description = "List every message in every recovery queue with its error summary.")
    boolean list;

    @Option(names = "--phase", description = "With --all: the phase whose recovery queue to replay.")
    String phase;

    @Option(names = "--all", description = "Replay every message of --phase.")
    boolean all;

    @Option(names = "--config", description = "The config whose work_root holds the recovery queues (needed unless a message path is given).")
    Path config;

    @Option(names = "--work", description = "The work root itself (instead of --config).")
    Path work;

    @Option(names = "--no-wait", description = "Only move the message(s) back (a running `serve` picks them up).")
    boolean noWait;

    @Option(names = "--timeout", defaultValue = "PT24H", description = "How long to wait (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    ProgressOption output = new ProgressOption();

    SecretSource secrets = SecretSource.ENVIRONMENT;

    @Override
    public boolean json() {
        return output.json;
    }

    @Override
    public String verb() {
        return list ? "replay-list" : "replay";
    }

    @Override
    public Integer call() throws java.io.IOException {
        if (list == (message != null || all)) {
            throw new UsageException("give a message to replay, --phase P --all, or --list (one of them)");
        }
        if (all && phase == null) {
            throw new UsageException("--all needs --phase <phase>");
        }
        RecoveryApi api = new RecoveryApi(workDirs());
        if (list) {
            ObjectNode r = api.list();
            print(r);
            return Main.OK;
        }
        ObjectNode r = all ? api.replayAll(phase) : api.replay(message);
        if (r.path("exit_code").asInt() == Main.USAGE) {
            String why = r.path("error").path("message").asText();
            throw "not_found".equals(r.path("error").path("kind").asText()) ? new org.sth.automation.NotFoundException(why) : new UsageException(why);
        }
        List<Path> runs = RecoveryApi.runDirs(r);
        if (!output.json) {
            r.path("messages").forEach(m -> Output.out(spec).println(m.asText()));
            Output.out(spec).flush();
        }
        if (noWait || runs.isEmpty()) {
            if (output.json) {
                print(r);
            }
            return r.path("exit_code").asInt();
        }
        AutomationConfig cfg = Adapters.loadConfig(Path.of(RunStore.open(runs.get(0)).plan().configPath()));
        OneShot.Outcome outcome = OneShot.runUntilDone(output.reporting(spec), cfg, secrets, false, () -> runs, timeout);
        if (output.json) {
            r.remove("runs");
            outcome.addRuns(r);
            print(r);
        }
        return Math.max(outcome.exit(), r.path("exit_code").asInt());
    }

    private WorkDirs workDirs() {
        if (work != null) {
            return new WorkDirs(work.toAbsolutePath().normalize());
        }
        if (config != null) {
            return new WorkDirs(Adapters.loadConfig(config).paths().workRoot().toAbsolutePath());
        }
        if (message != null && message.endsWith(".json") && Files.exists(Path.of(message))) {
            // <work>/recovery/<phase>/<name>.json
            Path m = Path.of(message).toAbsolutePath().normalize();
            return new WorkDirs(m.getParent().getParent().getParent());
        }
        throw new UsageException("say which work root: --config <file> (its work_root) or --work <dir>");
    }

    private void print(ObjectNode r) {
        if (output.json) {
            Output.out(spec).print(new String(Json.pretty(r), StandardCharsets.UTF_8));
        } else {
            r.path("messages").forEach(m -> Output.out(spec).println(m.asText()));
        }
        Output.out(spec).flush();
    }
}
