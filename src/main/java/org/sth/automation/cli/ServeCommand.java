package org.sth.automation.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sth.automation.UsageException;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.engine.resume.ResumePlanner;
import org.sth.automation.io.Json;
import org.sth.automation.observe.HttpOptions;
import org.sth.automation.observe.RunsIndex;
import org.sth.automation.phase.Controller;
import org.sth.automation.phase.broker.BrokerMode;
import org.sth.automation.run.RunLayout;
import org.sth.automation.run.RunListener;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.status.RunState;
import org.sth.automation.transport.SecretSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: the long-running controller. Resumes the runs a previous controller left in flight, watches inbox/
 * for run requests, prints accepted / rejected / finished lines and each run's progress; on SIGTERM or Ctrl-C marks
 * the runs in flight {@code interrupted} (resumable; the next serve resumes them) and stops.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Watch inbox/ for run requests (TOML or JSON) and run them until stopped; optionally serve the run pages, "
                + "JSON endpoints, health and metrics over HTTP.")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "The TOML config file.")
    Path config;

    @Option(names = "--http-port", description = "Serve the run pages (/), JSON endpoints (/api/...), health (/observe/health) and "
            + "Prometheus metrics (/observe/metrics) on this port (0 = any free port; off by default). A port that is taken is an error (exit 2).")
    Integer httpPort;

    @Option(names = {"--http-bind", "--http-host"}, defaultValue = "127.0.0.1",
            description = "Address the HTTP port binds to (default ${DEFAULT-VALUE}: this machine only).")
    String httpBind;

    @Option(names = "--http-allowed-host", paramLabel = "NAME", split = ",", description = "A host name (or address) besides "
            + "--http-bind that requests may name in their Host header, e.g. this machine's name when the pages are reached "
            + "through it (repeatable). Any other Host is refused (403): that is what a DNS-rebinding web page sends.")
    List<String> httpAllowedHosts = new java.util.ArrayList<>();

    @Option(names = "--dev-consoles", description = "Also serve Camel's read-only developer consoles (/q/dev/...), each request "
            + "with the bearer token of " + HttpOptions.TOKEN_ENV + "; only on a loopback --http-bind. The consoles that send, "
            + "receive or act on routes are never offered.")
    boolean devConsoles;

    @Option(names = "--properties", description = "A properties file over the packaged application.properties (camel.main.*, sth.*).")
    Path properties;

    @Option(names = "--no-resume", description = "Do not resume the runs a previous controller left running or interrupted.")
    boolean noResume;

    @Option(names = "--broker", paramLabel = "tcp://HOST:PORT", description = "Take the phase queues from this Apache ActiveMQ Artemis "
            + "broker, shared with the other controllers of this work root (user and password from STH_BROKER_USER / "
            + "STH_BROKER_PASSWORD, else those of this work root's embedded broker). See docs/scaling.md.")
    String broker;

    @Option(names = "--embedded-broker", description = "Start an Artemis broker in this process (journal in <work_root>/broker/, "
            + "listening on --broker-bind:--broker-port for the core protocol only, with a user and password generated into "
            + "<work_root>/broker/credentials, mode 0600) and take the phase queues from it; other controllers of this work root "
            + "join it with --broker.")
    boolean embeddedBroker;

    @Option(names = "--broker-port", defaultValue = "61616", description = "Port of the embedded broker (default ${DEFAULT-VALUE}).")
    int brokerPort;

    @Option(names = "--broker-bind", defaultValue = "127.0.0.1", description = "Loopback address the embedded broker listens on "
            + "(default ${DEFAULT-VALUE}; controllers on other machines need a standalone broker, see docs/scaling.md).")
    String brokerBind;

    SecretSource secrets = SecretSource.ENVIRONMENT;

    @Override
    public Integer call() throws InterruptedException {
        AutomationConfig cfg = Adapters.loadConfig(config);
        Adapters.registry(cfg).checkConfig(cfg);
        if (properties != null && !Files.isReadable(properties)) {
            throw new UsageException("--properties " + properties + ": no such readable file");
        }
        HttpOptions http = httpPort == null ? null
                : new HttpOptions(httpBind, httpPort, devConsoles, System.getenv(HttpOptions.TOKEN_ENV), httpAllowedHosts);
        if (http == null && (devConsoles || !httpAllowedHosts.isEmpty())) {
            throw new UsageException((devConsoles ? "--dev-consoles" : "--http-allowed-host") + " needs --http-port");
        }
        if (broker != null && embeddedBroker) {
            throw new UsageException("--broker and --embedded-broker: choose one (the embedded broker is the one this controller starts)");
        }
        PrintWriter out = Output.out(spec);
        WorkDirs dirs = new WorkDirs(cfg.paths().workRoot().toAbsolutePath());
        BrokerMode mode = broker != null ? BrokerMode.remote(broker, dirs.root())
                : embeddedBroker ? BrokerMode.embedded(brokerBind, brokerPort, dirs.root()) : BrokerMode.FILES;
        // each time this controller becomes the work root's leader, before its leader-only routes start: the runs a
        // previous leader left in flight get run_resumed and their message back in the spool they belong in (with a
        // broker, a run in flight has its message in the broker; only runs an operator stopped are resumed)
        Runnable onLeadership = () -> {
            out.println("Leading the controllers of " + dirs.root() + " (" + mode.spool() + " spools)");
            out.flush();
            if (!noResume) {
                resumeLeftInFlight(out, dirs, mode.enabled());
            }
        };
        Engine engine = Engine.standard(secrets);
        Controller controller;
        try {
            controller = Controller.start(cfg, engine, new Controller.Options(true, http, new RecoveryApi(dirs), properties)
                    .withBroker(mode).withOnLeadership(onLeadership));
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        RunWatcher progress = RunWatcher.daemon(out);
        Rejections rejections = new Rejections(out, dirs);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            if (mode.enabled()) {
                // the broker takes back what this controller had not finished and gives it to another controller
                out.println("Stopping: messages in flight go back to the broker for the other controllers");
                out.flush();
            } else if (controller.leadership().wasLeader()) {
                out.println("Stopping: runs in flight are marked interrupted; the next serve resumes them");
                out.flush();
                markInFlightInterrupted(out);
            } else {
                out.println("Stopping (standby: this controller ran no phase)");
                out.flush();
            }
            rejections.close();
            progress.close();
            try {
                controller.close();
            } finally {
                engine.close();
                stopped.countDown();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Main.stopping();
            stop.run();
        }, "sth-serve-stop"));
        if (mode.enabled()) {
            out.println("Phase queues on the broker " + mode.shown() + (controller.runsBroker() ? " (embedded, journal " + mode.journal() + ")" : ""));
        }
        if (!controller.leadership().awaitLeadership(java.time.Duration.ofSeconds(3))) {
            // it cannot tell a live leader from a dead one whose heartbeat is still timing out: it says both
            out.println("Not leading " + dirs.root() + " yet: another controller leads it, or the last leader stopped and its heartbeat"
                    + " is still timing out: this one is standby"
                    + (mode.enabled() ? " for the inbox and takes phase messages from the broker" : " and takes over if it stops"));
        }
        out.println("Watching " + dirs.inbox() + " for run requests (*.toml, *.json); rejected ones go to " + dirs.rejected());
        if (controller.httpAddress() != null) {
            out.println("HTTP: " + controller.httpAddress() + "/ (runs), /api/runs, /observe/health, /observe/metrics"
                    + (http.token() == null ? "; state-changing requests are off (no " + HttpOptions.TOKEN_ENV + ")" : "")
                    + (http.devConsoles() ? "; developer consoles on /q/dev" : ""));
        }
        out.flush();
        stopped.await();
        return Main.OK;
    }

    /** Marks every run this controller holds that is still running interrupted (resumable). */
    private static void markInFlightInterrupted(PrintWriter out) {
        for (RunStore store : RunStore.openStores()) {
            try {
                if (store.state() == RunState.RUNNING) {
                    store.interrupted("operator stopped the controller (signal)");
                    out.println("Interrupted: " + store.plan().runId() + " — the next serve resumes it, or: "
                            + org.sth.automation.io.Shell.command(org.sth.automation.run.StatusDerivation.LAUNCHER, "resume", "--run-dir",
                                    store.layout().dir().toString()));
                }
            } catch (RuntimeException e) {
                out.println("Could not mark " + store.layout().dir() + " interrupted: " + e.getMessage());
            }
        }
        out.flush();
    }

    /**
     * Resumes the runs of this work root that a previous controller left running (it died) or interrupted (it was
     * stopped): each gets {@code run_resumed} with how, and its message back in the spool it belongs in.
     */
    static void resumeLeftInFlight(PrintWriter out, WorkDirs dirs) {
        resumeLeftInFlight(out, dirs, false);
    }

    /** As above; with {@code brokerHoldsRunning}, a run found running is left to the broker, which holds its message. */
    static void resumeLeftInFlight(PrintWriter out, WorkDirs dirs, boolean brokerHoldsRunning) {
        for (RunsIndex.Known k : new RunsIndex(dirs.requests()).known()) {
            RunState state;
            try {
                state = RunState.of(Json.readObject(new RunLayout(k.runDir()).status()).path("state").asText());
            } catch (RuntimeException unreadable) {
                continue;
            }
            if ((state != RunState.RUNNING || brokerHoldsRunning) && state != RunState.INTERRUPTED) {
                continue;
            }
            try {
                RunStore store = RunStore.open(k.runDir());
                ResumePlanner.requeue(store).ifPresent(r -> out.println("Resumed: " + k.runId() + " at " + r.phase().id() + " (" + r.how() + ")"));
            } catch (RuntimeException e) {
                out.println("Could not resume " + k.runDir() + ": " + e.getMessage());
            }
        }
        out.flush();
    }

    /** Prints accepted / rejected / finished lines and each run's progress while serving. */
    /** Prints each request intake rejected (inbox/.rejected/), once, as it appears. */
    static final class Rejections {

        private final PrintWriter out;
        private final Path rejected;
        private final Set<String> seenRejections = new HashSet<>();
        private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sth-serve-rejections");
            t.setDaemon(true);
            return t;
        });

        Rejections(PrintWriter out, WorkDirs dirs) {
            this.out = out;
            this.rejected = dirs.rejected();
            seenRejections.addAll(rejections());
            watcher.scheduleWithFixedDelay(this::printNewRejections, 500, 500, TimeUnit.MILLISECONDS);
        }

        void close() {
            watcher.shutdownNow();
        }

        private void printNewRejections() {
            for (String name : rejections()) {
                if (seenRejections.add(name)) {
                    String reason;
                    try {
                        reason = Files.readString(rejected.resolve(name)).strip();
                    } catch (IOException e) {
                        reason = "(cannot read " + name + ")";
                    }
                    synchronized (out) {
                        out.println("Rejected: " + name.replaceAll("\\.error\\.txt$", "") + " — " + reason);
                        out.flush();
                    }
                }
            }
        }

        private List<String> rejections() {
            if (!Files.isDirectory(rejected)) {
                return List.of();
            }
            List<String> names = new java.util.ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(rejected, "*.error.txt")) {
                files.forEach(f -> names.add(f.getFileName().toString()));
            } catch (IOException e) {
                return List.of();
            }
            names.sort(null);
            return names;
        }
    }
}
