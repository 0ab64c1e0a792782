package org.sth.automation.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntSupplier;
import org.sth.automation.run.RunLayout;
import org.sth.automation.run.RunListener;
import org.sth.automation.run.status.Phase;
import org.sth.automation.run.status.RunState;

/**
 * The engine's meters in the Prometheus registry Camel serves on {@code /observe/metrics}: runs by state and by
 * outcome, phase durations, queue depth per spool, recovery queue sizes, SSH sessions open, remote commands run, bytes
 * transferred, ceilings hit. Counters are fed by {@link RunListener} (by construction, as the ledgers are written);
 * gauges read the folders and the runs index when scraped.
 */
public final class EngineMetrics implements RunListener {

    private final MeterRegistry registry;
    private final RunsIndex runs;
    private volatile Map<RunState, Integer> byState = new EnumMap<>(RunState.class);
    private volatile Instant countedAt = Instant.EPOCH;

    private EngineMetrics(MeterRegistry registry, RunsIndex runs) {
        this.registry = registry;
        this.runs = runs;
    }

    /** Registers the meters and starts listening; {@link #close} stops listening. */
    public static EngineMetrics register(MeterRegistry registry, WorkFolders work, RunsIndex runs, IntSupplier sshSessionsOpen) {
        EngineMetrics m = new EngineMetrics(registry, runs);
        for (RunState s : RunState.values()) {
            Gauge.builder("sth_runs", m, x -> x.count(s)).description("Runs this work root knows, by state")
                    .tag("state", s.id()).strongReference(true).register(registry);
        }
        for (Phase p : Phase.values()) {
            Gauge.builder("sth_spool_messages", work.spools().get(p), d -> ServeHealth.messages(d).size())
                    .description("Messages waiting in a phase's spool").tag("phase", p.id()).strongReference(true).register(registry);
            Gauge.builder("sth_recovery_messages", work.recovery().get(p), d -> ServeHealth.messages(d).size())
                    .description("Messages parked in a phase's recovery queue").tag("phase", p.id()).strongReference(true).register(registry);
        }
        Gauge.builder("sth_inbox_requests", work.inbox(), d -> ServeHealth.messages(d).size() + tomlCount(d))
                .description("Request files waiting in the inbox").strongReference(true).register(registry);
        Gauge.builder("sth_ssh_sessions_open", sshSessionsOpen, s -> s.getAsInt())
                .description("Pooled SSH connections (one per host, through its whole hop chain) open now").strongReference(true).register(registry);
        RunListener.Registry.add(m);
        return m;
    }

    public void close() {
        RunListener.Registry.remove(this);
    }

    private static int tomlCount(java.nio.file.Path dir) {
        try (var files = java.nio.file.Files.list(dir)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".toml") && !f.getFileName().toString().startsWith(".")).count();
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Runs by state, recounted at most every 5 s (a scrape must stay cheap with many runs). */
    private double count(RunState s) {
        if (Duration.between(countedAt, Instant.now()).toSeconds() >= 5) {
            Map<RunState, Integer> counts = new EnumMap<>(RunState.class);
            for (ObjectNode st : runs.statuses(RunsIndex.Filter.ALL, Integer.MAX_VALUE)) {
                counts.merge(RunState.of(st.path("state").asText()), 1, Integer::sum);
            }
            byState = counts;
            countedAt = Instant.now();
        }
        return byState.getOrDefault(s, 0);
    }

    @Override
    public void onEvent(RunLayout run, ObjectNode event, ObjectNode status) {
        switch (event.path("event").asText()) {
            case "run_finished" -> {
                countedAt = Instant.EPOCH;
                Counter.builder("sth_runs_finished_total").description("Runs this controller finished, by outcome")
                        .tag("outcome", event.path("state").asText()).register(registry).increment();
            }
            case "moved_to_recovery", "run_interrupted", "run_resumed", "run_created" -> countedAt = Instant.EPOCH;
            case "phase_left" -> {
                String phase = event.path("phase").asText();
                String entered = status.path("phases").path(phase).path("last_entered_at").asText(null);
                if (entered != null) {
                    Timer.builder("sth_phase_duration").description("Time a run's message spent in a phase, by outcome")
                            .tag("phase", phase).tag("outcome", event.path("outcome").asText()).register(registry)
                            .record(Duration.between(Instant.parse(entered), Instant.parse(event.path("ts").asText())));
                }
            }
            case "step_finished" -> {
                if ("terminated".equals(event.path("outcome").asText())) {
                    Counter.builder("sth_ceilings_hit_total").description("Steps terminated at their ceiling")
                            .tag("adapter", event.path("adapter").asText()).register(registry).increment();
                }
            }
            default -> {
                // other events are not counted
            }
        }
    }

    @Override
    public void onCommand(RunLayout run, ObjectNode line) {
        Counter.builder("sth_commands_total").description("Remote commands run, by outcome")
                .tag("outcome", line.path("outcome").asText("unknown")).register(registry).increment();
    }

    @Override
    public void onTransfer(RunLayout run, ObjectNode line) {
        Counter.builder("sth_transfer_bytes_total").description("Bytes transferred to and from hosts").baseUnit("bytes")
                .tag("direction", line.path("direction").asText("unknown")).register(registry).increment(line.path("bytes").asLong(0));
        Counter.builder("sth_transfers_total").description("Transfers, by direction and outcome")
                .tag("direction", line.path("direction").asText("unknown")).tag("outcome", line.path("outcome").asText("unknown"))
                .register(registry).increment();
    }
}
