package org.sth.automation.engine.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.sth.automation.engine.RunContext;
import org.sth.automation.host.quiet.QuietProbe;
import org.sth.automation.host.quiet.QuietSample;
import org.sth.automation.host.quiet.QuietThresholds;
import org.sth.automation.host.quiet.QuietVerdict;
import org.sth.automation.io.Json;
import org.sth.automation.run.JsonlLedger;
import org.sth.automation.run.RecordingSession;
import org.sth.automation.transport.CommandResult;
import org.sth.automation.transport.RemoteCommand;
import org.sth.automation.transport.TransportException;

/**
 * Takes the quiet-host samples of one benchmark step: each runs {@link QuietProbe} on a session of its own (so a sample
 * during the step does not wait for the step's command), is classified against the run's own commands (their
 * {@code STH_CMD_ID}s, from the checkpoints in {@code logs/commands/}), appended to {@code quiet_host.jsonl} in the
 * benchmark's results and announced as a {@code quiet_sample} event. A sample the host cannot give is recorded
 * {@code unavailable} with the reason: a sample never fails the step.
 */
final class QuietSampler implements AutoCloseable {

    /** The samples' file, in the benchmark's results (published with them). */
    static final String FILE = "quiet_host.jsonl";

    private final RunContext ctx;
    private final String benchmark;
    private final QuietThresholds thresholds;
    private final JsonlLedger file;
    private final List<QuietSample> during = new ArrayList<>();
    private RecordingSession session;
    private ScheduledExecutorService timer;
    private volatile boolean stopped;

    QuietSampler(RunContext ctx, String benchmark, QuietThresholds thresholds) {
        this.ctx = ctx;
        this.benchmark = benchmark;
        this.thresholds = thresholds;
        this.file = new JsonlLedger(ctx.layout().benchmarkDir(benchmark).resolve(FILE));
    }

    /** Takes, records and returns one sample. */
    QuietSample take(String moment) {
        Instant at = Instant.now();
        QuietSample sample;
        try {
            CommandResult r = session().exec(RemoteCommand.of(QuietProbe.command(thresholds.window()), QuietProbe.timeout(thresholds.window()),
                    benchmark + "/quiet"));
            sample = r.ok() ? QuietSample.parse(r.stdoutText(), moment, at, thresholds.window().toMillis() / 1000.0, runTokens(),
                    thresholds.topOffenders())
                    : QuietSample.unavailable(moment, at, "the probe ended " + r.outcome() + " (exit " + r.exitCode() + "): "
                            + r.stderrText().strip());
        } catch (TransportException e) {
            sample = QuietSample.unavailable(moment, at, "the host could not be asked: " + e.getMessage());
        }
        record(sample);
        return sample;
    }

    /** Samples every {@code every} from now on, until {@link #stopDuring}. */
    void startDuring(Duration every) {
        long ms = Math.max(thresholds.window().toMillis() + 100, every.toMillis());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sth-quiet-" + benchmark);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(org.sth.automation.run.RunFence.carrying(() -> {
            QuietSample s = take("during");
            synchronized (during) {
                during.add(s);
            }
        }), ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Stops sampling; a sample still waiting for the host after its own timeout is given up and not recorded. */
    List<QuietSample> stopDuring() {
        if (timer != null) {
            timer.shutdown();
            try {
                if (!timer.awaitTermination(QuietProbe.timeout(thresholds.window()).toMillis(), TimeUnit.MILLISECONDS)) {
                    stopped = true;
                    timer.shutdownNow();
                }
            } catch (InterruptedException e) {
                stopped = true;
                timer.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        stopped = true;
        synchronized (during) {
            return List.copyOf(during);
        }
    }

    @Override
    public void close() {
        stopDuring();
    }

    private synchronized RecordingSession session() {
        if (session == null || !session.isOpen()) {
            session = ctx.separateSession();
        }
        return session;
    }

    private synchronized void record(QuietSample sample) {
        if (stopped && "during".equals(sample.moment())) {
            return;
        }
        QuietVerdict v = QuietVerdict.of(sample, thresholds);
        ObjectNode line = sample.toJson();
        line.setAll(v.toJson());
        file.append(line);
        ObjectNode ev = Json.object().put("adapter", benchmark).put("moment", sample.moment()).put("verdict", v.state())
                .put("foreign_cpu_percent", line.path("foreign_cpu_percent").isNumber() ? line.path("foreign_cpu_percent").asDouble() : null);
        sample.offenders().stream().findFirst().ifPresent(p -> ev.put("top_offender", p.name()));
        ctx.store().appendEvent("quiet_sample", ev);
    }

    /** The {@code STH_CMD_ID}s of this run's checkpointed commands (each writes its token before it starts). */
    private Set<String> runTokens() {
        Set<String> out = new HashSet<>();
        Path dir = ctx.layout().logsDir().resolve("commands");
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".started")).forEach(p -> {
                try {
                    JsonNode n = Json.parse(Files.readString(p));
                    if (n.hasNonNull("token")) {
                        out.add(n.path("token").asText());
                    }
                } catch (IOException | RuntimeException unreadable) {
                    // a checkpoint torn by a crash names no command that runs now
                }
            });
        } catch (IOException e) {
            // without the list every busy process counts as foreign: stricter, never quieter
        }
        return out;
    }
}
