package org.sth.automation.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import org.sth.automation.adapter.spi.AdapterRegistry;
import org.sth.automation.adapter.spi.StepContext;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.HostConfig;
import org.sth.automation.host.topology.CpuTopology;
import java.nio.file.Path;
import org.sth.automation.AutomationException;
import org.sth.automation.io.Json;
import org.sth.automation.io.SafeText;
import org.sth.automation.transport.CommandResult;
import org.sth.automation.transport.RemoteCommand;
import org.sth.automation.run.RecordingSession;
import org.sth.automation.run.RunLayout;
import org.sth.automation.run.RunPlan;
import org.sth.automation.run.RunStore;

/**
 * Everything the engine's steps of one run need: its store, plan, config, host, adapters and (lazily) its SSH
 * session. A benchmark's step sees it through {@link #forBenchmark}.
 */
public final class RunContext {

    private final Engine engine;
    private final RunStore store;
    private final RunPlan plan;
    private final AutomationConfig config;
    private final HostConfig host;
    private final int attempt;
    private final AdapterRegistry adapters;
    private RecordingSession session;

    RunContext(Engine engine, RunStore store, RunPlan plan, AutomationConfig config, HostConfig host, int attempt,
            AdapterRegistry adapters) {
        this.engine = engine;
        this.store = store;
        this.plan = plan;
        this.config = config;
        this.host = host;
        this.attempt = attempt;
        this.adapters = adapters;
    }

    /** The adapters of this run's config. */
    public AdapterRegistry adapters() {
        return adapters;
    }

    /** The context one benchmark's step sees. */
    public StepContext forBenchmark(String benchmark) {
        return new BenchmarkContext(this, benchmark, adapters.spec(benchmark, config));
    }

    public RunStore store() {
        return store;
    }

    public RunLayout layout() {
        return store.layout();
    }

    public RunPlan plan() {
        return plan;
    }

    public AutomationConfig config() {
        return config;
    }

    public HostConfig host() {
        return host;
    }

    public int attempt() {
        return attempt;
    }

    /** The host's pooled connection, recording into this run's ledgers. */
    public synchronized RecordingSession session() {
        if (session == null || !session.isOpen()) {
            session = engine.session(store, config, host);
        }
        return session;
    }

    /**
     * A second recording session on the host's pooled connection, for commands that run while the step's own command
     * runs (the quiet-host samples during a step); every command still goes to the run's ledger.
     */
    public RecordingSession separateSession() {
        return engine.session(store, config, host);
    }

    /** The sudo password when the target authenticates by password, else null (then sudo must be passwordless). */
    public String sudoPassword() {
        return engine.sudoPassword(config, host);
    }

    /**
     * The run's private scratch directory on the host, made on first use with {@code mktemp -d} (a random name, mode 700,
     * that no other account can have made first) and recorded in the run ({@code state/remote_scratch.json}) so every
     * later phase, {@code resume} and finalize find the same one; removed in finalize unless {@code keep_remote}.
     */
    public synchronized String remoteScratch() {
        return madeScratch().orElseGet(() -> {
            CommandResult r = session().exec(RemoteCommand.of("mktemp -d \"${TMPDIR:-/tmp}/sth-bench-automation.XXXXXXXXXX\"",
                    Duration.ofSeconds(30), "host/scratch"));
            String path = r.stdoutText().strip();
            if (!r.ok() || !org.sth.automation.run.RemoteScratch.isScratch(path)) {
                throw new AutomationException("Cannot make a private scratch directory on " + host.name() + " with mktemp -d (exit "
                        + r.exitCode() + "): " + SafeText.line(r.stderrText().strip()) + " (fix: TMPDIR, or /tmp, must be writable there)");
            }
            Json.writeAtomically(layout().remoteScratch(), Json.object().put("path", path).put("host", host.name())
                    .put("created_at", java.time.Instant.now().toString()));
            store.appendEvent("remote_scratch_created", Json.object().put("path", path));
            return path;
        });
    }

    /** The scratch directory this run made on the host, if it made one. */
    public Optional<String> madeScratch() {
        return org.sth.automation.run.RemoteScratch.of(layout());
    }

    /** The ceiling of a step of {@code benchmark} (see {@link org.sth.automation.config.ExecutionSettings#ceiling}). */
    public Duration ceiling(String benchmark, Duration adapterDefault) {
        return config.execution().ceiling(benchmark, adapterDefault);
    }

    public Duration heartbeatInterval() {
        return config.execution().heartbeatInterval();
    }

    /** The CPU topology discover cached in the run ({@code cpu_topology.json}), when it captured one. */
    public Optional<CpuTopology> topology() {
        return Files.exists(layout().cpuTopology()) ? Optional.of(CpuTopology.fromJson(Json.read(layout().cpuTopology())))
                : Optional.empty();
    }

    /** The discover phase's snapshot, or an empty object before discovery. */
    public ObjectNode inventory() {
        return Files.exists(layout().hostInventory()) ? Json.readObject(layout().hostInventory()) : Json.object();
    }
}
