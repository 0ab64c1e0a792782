package org.sth.automation.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.sth.automation.AutomationException;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.DocumentSchema;
import org.sth.automation.io.Json;
import org.sth.automation.observe.AgentResult;
import org.sth.automation.transport.SecretSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: drops a run request into the inbox, runs the phase routes in-process and waits for the result. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run benchmarks on hosts and wait; prints one line per phase and host; exit 1 if a run fails.")
final class RunCommand implements Callable<Integer>, JsonOutput {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "The TOML config file.")
    Path config;

    @Option(names = "--host", required = true, split = ",", description = "Host name(s) from the config.")
    List<String> hosts;

    @Option(names = "--benchmarks", required = true, split = ",", description = "Benchmarks in order, e.g. system-info.")
    List<String> benchmarks;

    @Option(names = "--allow-protected", description = "Confirm running on hosts with a protected tag (e.g. shared).")
    boolean allowProtected;

    @Option(names = "--dry-run", description = "Print the full plan and auth summary (secrets masked) and exit; nothing changes anywhere.")
    boolean dryRun;

    @Option(names = "--timeout", defaultValue = "PT24H", description = "How long to wait for the runs (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    ProgressOption output = new ProgressOption();

    @Override
    public boolean json() {
        return output.json;
    }

    @Override
    public String verb() {
        return "run";
    }

    /** Test seam: where password_env secrets come from. */
    SecretSource secrets = SecretSource.ENVIRONMENT;

    @Override
    public Integer call() {
        AutomationConfig cfg = Adapters.loadConfig(config);
        Adapters.registry(cfg).checkConfig(cfg);
        for (String h : hosts) {
            ConfigLoader.requireHost(cfg, h);
        }
        var adapters = Adapters.registry(cfg);
        benchmarks.forEach(adapters::require);
        if (dryRun) {
            ObjectNode plan = DryRun.plan(cfg, hosts, benchmarks, allowProtected, adapters, secrets);
            List<String> lines = DryRun.lines(plan);
            if (output.json) {
                ObjectNode r = AgentResult.of("run", Main.OK).put("dry_run", true);
                lines.forEach(l -> AgentResult.message(r, l));
                r.set("plan", plan);
                JsonOutput.print(Output.out(spec), r);
            } else {
                lines.forEach(Output.out(spec)::println);
                Output.out(spec).flush();
            }
            return Main.OK;
        }
        OneShot.Reporting reporting = output.reporting(spec);
        OneShot.Outcome outcome = execute(spec, reporting, cfg, hosts, benchmarks, allowProtected, timeout, secrets);
        if (output.json) {
            ObjectNode r = AgentResult.of("run", outcome.exit());
            outcome.addRuns(r);
            JsonOutput.print(Output.out(spec), r);
        }
        return outcome.exit();
    }

    static int execute(CommandSpec spec, AutomationConfig cfg, List<String> hosts, List<String> benchmarks, boolean allowProtected,
            Duration timeout, SecretSource secrets) {
        return execute(spec, new OneShot.Reporting(Output.out(spec), false, null), cfg, hosts, benchmarks, allowProtected, timeout, secrets).exit();
    }

    static OneShot.Outcome execute(CommandSpec spec, OneShot.Reporting reporting, AutomationConfig cfg, List<String> hosts,
            List<String> benchmarks, boolean allowProtected, Duration timeout, SecretSource secrets) {
        WorkDirs dirs = new WorkDirs(cfg.paths().workRoot().toAbsolutePath());
        String requestId = "cli-" + UUID.randomUUID();
        var request = DocumentSchema.REQUEST.stamp(Json.object()).put("request_id", requestId).put("allow_protected", allowProtected);
        hosts.forEach(request.putArray("hosts")::add);
        benchmarks.forEach(request.putArray("benchmarks")::add);
        // a protected host is only connected to once intake has let its request in
        List<String> connectEarly = hosts.stream().filter(h -> allowProtected
                || ConfigLoader.requireHost(cfg, h).tags().stream().noneMatch(cfg.execution().protectedTags()::contains)).toList();
        return OneShot.runUntilDone(reporting, cfg, secrets, true, connectEarly, () -> {
            AtomicFiles.writeRenamedIntoPlace(dirs.inbox().resolve(requestId + ".json"), Json.pretty(request));
            return awaitAcceptance(spec, dirs, requestId);
        }, timeout);
    }

    /** Waits (bounded) until intake accepted or rejected the request; returns the run directories. */
    static List<Path> awaitAcceptance(CommandSpec spec, WorkDirs dirs, String requestId) {
        Path accepted = dirs.requests().resolve(requestId + ".json");
        Path rejected = dirs.rejected().resolve(requestId + ".json.error.txt");
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (Files.exists(rejected)) {
                    Output.err(spec).println("error: request rejected: " + Files.readString(rejected).strip());
                    return List.of();
                }
                if (Files.exists(accepted)) {
                    List<Path> runs = new ArrayList<>();
                    Json.readObject(accepted).path("runs").forEach(r -> runs.add(Path.of(r.path("run_dir").asText())));
                    return runs;
                }
            } catch (java.io.IOException e) {
                throw new AutomationException("Cannot read the intake result for " + requestId + ": " + e.getMessage(), e);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        Output.err(spec).println("error: the request was not picked up from " + dirs.inbox() + " within 120 s");
        return List.of();
    }
}
