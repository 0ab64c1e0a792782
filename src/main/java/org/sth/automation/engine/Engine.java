package org.sth.automation.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.adapter.spi.AdapterRegistry;
import org.sth.automation.adapter.spi.ResultFormatException;
import org.sth.automation.adapter.spi.StepResult;
import org.sth.automation.config.AuthRef;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.config.Hop;
import org.sth.automation.config.HostConfig;
import org.sth.automation.io.DiskSpace;
import org.sth.automation.io.Json;
import org.sth.automation.run.RecordingSession;
import org.sth.automation.run.RunPlan;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.StepManifests;
import org.sth.automation.run.status.Outcome;
import org.sth.automation.run.status.Phase;
import org.sth.automation.transport.RemoteSession;
import org.sth.automation.transport.SecretSource;
import org.sth.automation.transport.SshTransport;
import org.sth.automation.transport.TransportListener;

/**
 * The services every phase shares, without Camel: configs (parsed once per file, with the adapters' tables), the
 * connection pool (one SSH connection per host, reused by every run and phase in this process) and the step runner
 * that makes completed steps never run twice.
 */
public final class Engine implements AutoCloseable {

    /** Opens an authenticated connection to a host through its whole hop chain. */
    @FunctionalInterface
    public interface SessionOpener {
        RemoteSession open(AutomationConfig config, HostConfig host);
    }

    private final SessionOpener opener;
    private final SecretSource secrets;
    private final Map<Path, AutomationConfig> configs = new ConcurrentHashMap<>();
    private final Map<String, RemoteSession> pool = new ConcurrentHashMap<>();
    // connections a cold start opens while Camel starts (prewarm): the first step of the host takes it, or its failure
    private final Map<String, java.util.concurrent.CompletableFuture<RemoteSession>> opening = new ConcurrentHashMap<>();
    private final java.util.concurrent.ExecutorService prewarming = java.util.concurrent.Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "sth-prewarm");
        t.setDaemon(true);
        return t;
    });
    // one lock per host: opening a connection takes seconds and must not hold up other hosts' sessions
    private final Map<String, Object> openLocks = new ConcurrentHashMap<>();

    public Engine(SessionOpener opener, SecretSource secrets) {
        this.opener = opener;
        this.secrets = secrets;
    }

    /** The production engine: MINA SSH transport (one per config file). */
    public static Engine standard(SecretSource secrets) {
        Map<String, SshTransport> transports = new ConcurrentHashMap<>();
        return new Engine((config, host) -> transports.computeIfAbsent(config.source().toAbsolutePath().toString(),
                k -> new SshTransport(config.ssh(), config.authRefs(), secrets, TransportListener.NONE)).open(host), secrets);
    }

    public SecretSource secrets() {
        return secrets;
    }

    /** The adapters a config can run. */
    public AdapterRegistry adapters(AutomationConfig config) {
        return Adapters.registry(config);
    }

    public AutomationConfig config(Path file) {
        return configs.computeIfAbsent(file.toAbsolutePath().normalize(), Adapters::loadConfig);
    }

    /** Registers an already loaded config (the one {@code serve} or {@code run} started with). */
    public void register(AutomationConfig config) {
        configs.put(config.source().toAbsolutePath().normalize(), config);
    }

    public RunContext context(PhaseMessage message) {
        RunStore store = RunStore.open(message.runDir());
        RunPlan plan = store.plan();
        AutomationConfig config = config(Path.of(plan.configPath()));
        // a phase that cannot finish its writes is stopped before it starts (the message is held, see WriteRecoveryProcessor)
        long floor = config.execution().minFreeDiskBytes();
        DiskSpace.require(store.layout().dir(), floor, "[execution] min_free_disk_mib in " + config.source());
        DiskSpace.require(Path.of(plan.workRoot()), floor, "[execution] min_free_disk_mib in " + config.source());
        HostConfig host = ConfigLoader.requireHost(config, plan.host());
        return new RunContext(this, store, plan, config, host, message.attempt(), adapters(config));
    }

    /**
     * Runs one step unless its manifest says it completed; records start, end and outcome. Exceptions
     * are recorded as a failed manifest and rethrown, so the route decides retry or recovery.
     */
    public StepResult runStep(RunContext ctx, String adapter, Phase phase, Supplier<StepResult> work) {
        return runStep(ctx, adapter, phase, null, work);
    }

    /** As {@link #runStep(RunContext, String, Phase, Supplier)}, for a step under {@code ceiling} (shown in its heartbeats). */
    public StepResult runStep(RunContext ctx, String adapter, Phase phase, java.time.Duration ceiling, Supplier<StepResult> work) {
        if (StepManifests.isCompleted(ctx.layout(), adapter, phase)) {
            ctx.store().stepSkipped(adapter, phase, "step manifest says completed");
            return StepResult.completed(StepManifests.read(ctx.layout(), adapter, phase).orElseThrow().with("details"));
        }
        return rerunStep(ctx, adapter, phase, ceiling, work);
    }

    /** Runs one step even though it completed before (a readiness re-check); records it like {@link #runStep}. */
    public StepResult rerunStep(RunContext ctx, String adapter, Phase phase, Supplier<StepResult> work) {
        return rerunStep(ctx, adapter, phase, null, work);
    }

    private StepResult rerunStep(RunContext ctx, String adapter, Phase phase, java.time.Duration ceiling, Supplier<StepResult> work) {
        ctx.store().stepStarted(adapter, phase);
        Instant started = Instant.now();
        // a benchmark's steps beat at its own interval, the host's steps (discover, preflight, finalize) at the run's
        java.time.Duration every = ctx.plan().benchmarks().contains(adapter)
                ? ctx.adapters().spec(adapter, ctx.config()).heartbeat(ctx.config().execution()) : ctx.heartbeatInterval();
        try (Heartbeats.Beat beats = Heartbeats.start(ctx.store(), adapter, phase, every, ceiling)) {
            StepResult result = work.get();
            Outcome outcome = outcomeAfter(ctx, result.outcome());
            StepManifests.write(ctx.layout(), ctx.plan().runId(), adapter, phase, outcome, started, Instant.now(),
                    ctx.attempt(), result.details());
            ctx.store().stepFinished(adapter, phase, outcome, result.details());
            return result;
        } catch (ResultFormatException e) {
            // the collected result cannot be understood: a failed step with the reason, not a retry that reads the same bytes
            StepResult failed = StepResult.failed(e.getMessage(), Json.object().put("error_type", e.getClass().getName()));
            Outcome outcome = outcomeAfter(ctx, Outcome.FAILED);
            StepManifests.write(ctx.layout(), ctx.plan().runId(), adapter, phase, outcome, started, Instant.now(), ctx.attempt(),
                    failed.details());
            ctx.store().stepFinished(adapter, phase, outcome, failed.details());
            return new StepResult(outcome, failed.details());
        } catch (RuntimeException e) {
            ObjectNode details = Json.object().put("error", e.getMessage()).put("error_type", e.getClass().getName());
            Outcome outcome = outcomeAfter(ctx, Outcome.FAILED);
            StepManifests.write(ctx.layout(), ctx.plan().runId(), adapter, phase, outcome, started, Instant.now(), ctx.attempt(), details);
            ctx.store().stepFinished(adapter, phase, outcome, details);
            throw e;
        }
    }

    /**
     * A step that did not complete while the run was being interrupted (the operator's signal races the
     * controller's shutdown, which ends the step's command) is {@code interrupted}, not {@code failed}.
     */
    private static Outcome outcomeAfter(RunContext ctx, Outcome outcome) {
        return outcome != Outcome.COMPLETED && ctx.store().isInterrupted() ? Outcome.INTERRUPTED : outcome;
    }

    RecordingSession session(RunStore store, AutomationConfig config, HostConfig host) {
        String key = config.source().toAbsolutePath().normalize() + "#" + host.name();
        RemoteSession shared;
        synchronized (openLocks.computeIfAbsent(key, k -> new Object())) {
            shared = pool.get(key);
            if (shared == null || !shared.isOpen()) {
                java.util.concurrent.CompletableFuture<RemoteSession> early = opening.remove(key);
                shared = early == null ? null : early(early);
                if (shared == null || !shared.isOpen()) {
                    shared = opener.open(config, host);
                }
                pool.put(key, shared);
            }
        }
        return new RecordingSession(shared, store.layout(), store.plan().runId(), secretValues(config, host), store::appendEvent);
    }

    /**
     * Opens the connections (and shared jump sessions, and each host's runner) of {@code hosts} now, in the background,
     * so a cold {@code run} connects while Camel starts and intake reads the request; a host's first step takes the
     * connection, or the failure it met (reported by that step, with the host's retries already spent).
     */
    public void prewarm(AutomationConfig config, List<HostConfig> hosts) {
        register(config);
        for (HostConfig host : hosts) {
            String key = config.source().toAbsolutePath().normalize() + "#" + host.name();
            if (pool.containsKey(key)) {
                continue;
            }
            opening.computeIfAbsent(key, k -> java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                RemoteSession s = opener.open(config, host);
                s.prepare();
                return s;
            }, prewarming));
        }
    }

    private static RemoteSession early(java.util.concurrent.CompletableFuture<RemoteSession> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    /** Pooled SSH connections open now (one per host and config, through its whole hop chain). */
    public int openSessions() {
        return (int) pool.values().stream().filter(RemoteSession::isOpen).count();
    }

    String sudoPassword(AutomationConfig config, HostConfig host) {
        AuthRef ref = host.authRef() == null ? null : config.authRefs().get(host.authRef());
        if (ref == null || ref.type() != AuthRef.Type.PASSWORD_ENV) {
            return null;
        }
        return secrets.env(ref.value()).orElse(null);
    }

    /** Every secret value reachable for this host's chain, so ledgers can redact them. */
    List<String> secretValues(AutomationConfig config, HostConfig host) {
        List<String> out = new ArrayList<>();
        for (Hop hop : host.chain()) {
            AuthRef ref = hop.authRef() == null ? null : config.authRefs().get(hop.authRef());
            if (ref != null) {
                ref.secretVariables().forEach(v -> secrets.env(v).ifPresent(out::add));
            }
        }
        return out;
    }

    @Override
    public void close() {
        prewarming.shutdownNow();
        opening.values().forEach(f -> f.thenAccept(RemoteSession::close));
        opening.clear();
        pool.values().forEach(RemoteSession::close);
        pool.clear();
    }
}
