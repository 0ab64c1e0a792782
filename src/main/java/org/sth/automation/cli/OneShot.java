package org.sth.automation.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.io.Shell;
import org.sth.automation.observe.AgentResult;
import org.sth.automation.phase.Controller;
import org.sth.automation.run.RunLayout;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.StatusDerivation;
import org.sth.automation.run.status.Phase;
import org.sth.automation.run.status.RunState;
import org.sth.automation.transport.SecretSource;

/**
 * Runs the phase routes in this process until the given runs reach a settled state, then stops them. Runs a stopped
 * controller left behind (a message in a spool, a request in the inbox) that this one consumed are taken over to
 * their end too, or marked interrupted; none is left half-run.
 */
final class OneShot {

    private OneShot() {
    }

    /** How a one-shot command reports: where progress goes, whether it is a terminal, an operator's properties file. */
    record Reporting(PrintWriter progress, boolean terminal, Path properties) {
    }

    /**
     * What came of it: the exit code, each run's final state (in the order the runs were queued), and the summary lines
     * printed at the end (run directories, results, next commands), which a result document repeats in {@code messages}.
     */
    record Outcome(int exit, Map<Path, RunState> states, List<String> lines) {

        /** The runs as {@link AgentResult} entries (status with fresh derived blocks), the lines as its messages. */
        void addRuns(ObjectNode result) {
            var runs = result.withArray("runs");
            for (Path dir : states.keySet()) {
                runs.add(AgentResult.run(derivedStatus(dir)));
            }
            lines.forEach(l -> AgentResult.message(result, l));
            AgentResult.exit(result, Math.max(exit, result.path("exit_code").asInt()), why());
        }

        /** Why the exit code is not 0: the runs that did not complete, with their states. */
        String why() {
            List<String> bad = new ArrayList<>();
            states.forEach((dir, state) -> {
                if (state != RunState.COMPLETED) {
                    bad.add(dir.getFileName() + " " + (state == null ? "unknown" : state.id()));
                }
            });
            return bad.isEmpty() ? "no run was queued (see messages)" : "not completed: " + String.join(", ", bad) + " (next_command says what to do)";
        }
    }

    /** A run's status with fresh derived blocks (monitoring, alerts, next_*). */
    static ObjectNode derivedStatus(Path dir) {
        RunStore store = RunStore.open(dir);
        ObjectNode s = store.statusSnapshot();
        StatusDerivation.apply(s, store.layout(), Instant.now());
        return s;
    }

    static int runUntilDone(PrintWriter out, AutomationConfig config, SecretSource secrets, boolean withIntake,
            Supplier<List<Path>> queueWork, Duration timeout) {
        return runUntilDone(new Reporting(out, false, null), config, secrets, withIntake, queueWork, timeout).exit();
    }

    static Outcome runUntilDone(Reporting r, AutomationConfig config, SecretSource secrets, boolean withIntake,
            Supplier<List<Path>> queueWork, Duration timeout) {
        return runUntilDone(r, config, secrets, withIntake, List.of(), queueWork, timeout);
    }

    /** As above; the connections of {@code hosts} are opened while Camel starts (a cold start's head start). */
    static Outcome runUntilDone(Reporting r, AutomationConfig config, SecretSource secrets, boolean withIntake, List<String> hosts,
            Supplier<List<Path>> queueWork, Duration timeout) {
        PrintWriter out = r.progress();
        WorkDirs dirs = new WorkDirs(config.paths().workRoot().toAbsolutePath());
        Engine engine = Engine.standard(secrets);
        // (a host the config no longer has is left to the run's own steps, which say so)
        engine.prewarm(config, config.hosts().stream().filter(h -> hosts.contains(h.name())).toList());
        try (engine; Controller controller = Controller.start(config, engine,
                Controller.Options.oneShot(withIntake, new RecoveryApi(dirs), r.properties()))) {
            // runs a stopped controller left in the spools, seen before this one consumes them
            List<Path> waiting = spoolRuns(config);
            List<Path> runs = queueWork.get();
            List<String> lines = new ArrayList<>();
            if (runs.isEmpty()) {
                return new Outcome(Main.FAILED, Map.of(), lines);
            }
            runs.forEach(d -> say(out, lines, "Run directory: " + d));
            Standby.await(controller.leadership(), dirs.root(), out);
            out.flush();
            Instant deadline = Instant.now().plus(timeout);
            // Ctrl-C / SIGTERM: the runs (and orphans taken over) are marked interrupted (not failed) and stay resumable
            List<Path> touched = new CopyOnWriteArrayList<>(runs);
            // (a standby controller ran nothing: what it follows belongs to the leader, which goes on)
            Thread onSignal = new Thread(() -> {
                Main.stopping();
                if (controller.leadership().wasLeader()) {
                    interruptUnfinished(out, touched, "operator stopped the controller (signal)");
                }
            }, "sth-operator-interrupt");
            Runtime.getRuntime().addShutdownHook(onSignal);
            RunWatcher watcher = new RunWatcher(out, r.terminal());
            Map<Path, RunState> found;
            try {
                found = watcher.follow(runs, timeout);
                // A controller killed earlier leaves its runs' messages in the spools (or requests in the inbox): this
                // controller consumed them along with its own, so it finishes them too rather than stopping half-way
                List<Path> orphans = orphans(config, runs, waiting);
                if (!orphans.isEmpty()) {
                    touched.addAll(orphans);
                    out.println("Taking over " + orphans.size() + " orphaned run(s) a stopped controller left in the spools or the inbox:");
                    orphans.forEach(o -> out.println("  " + o));
                    out.flush();
                    Duration left = Duration.between(Instant.now(), deadline);
                    watcher.follow(orphans, left.isNegative() ? Duration.ZERO : left).forEach((dir, state) ->
                            out.println("Orphan result: " + state.id() + " — " + dir));
                }
            } finally {
                watcher.close();
            }
            // what is still unsettled when this controller stops (timeout) must not stay "running"
            if (controller.leadership().wasLeader()) {
                interruptUnfinished(out, touched, "the controller stopped waiting (--timeout " + timeout + ") before the run finished");
            }
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
            Map<Path, RunState> states = new LinkedHashMap<>();
            runs.forEach(d -> states.put(d, found.get(d)));
            boolean ok = states.values().stream().allMatch(s -> s == RunState.COMPLETED);
            for (var e : states.entrySet()) {
                say(out, lines, "Result: " + e.getValue().id() + " — " + e.getKey());
                if (e.getValue() != RunState.COMPLETED) {
                    // the run's own primary next command (the scoped validate that shows the cause, the replay, the resume)
                    String next = derivedStatus(e.getKey()).path("next_command").asText(null);
                    say(out, lines, "  next: " + (next != null ? next
                            : Shell.command(StatusDerivation.LAUNCHER, "status", "--run-dir", e.getKey().toString())));
                }
            }
            out.flush();
            return new Outcome(ok ? Main.OK : Main.FAILED, states, lines);
        }
    }

    /**
     * Runs other than {@code own} of this work root that this controller processed (a request or a message a stopped
     * controller left), or whose message was waiting in a spool when it started.
     */
    static List<Path> orphans(AutomationConfig config, List<Path> own, List<Path> waiting) {
        Set<Path> mine = new HashSet<>();
        own.forEach(p -> mine.add(p.toAbsolutePath().normalize()));
        Path workRoot = config.paths().workRoot().toAbsolutePath().normalize();
        Set<Path> found = new LinkedHashSet<>(waiting);
        for (RunStore s : RunStore.openStores()) {
            try {
                if (Path.of(s.plan().workRoot()).toAbsolutePath().normalize().equals(workRoot)) {
                    found.add(s.layout().dir());
                }
            } catch (RuntimeException unreadable) {
                // a run directory that cannot be read is not followed
            }
        }
        List<Path> out = new ArrayList<>();
        for (Path dir : found) {
            if (!mine.contains(dir) && Files.exists(new RunLayout(dir).plan())) {
                out.add(dir);
            }
        }
        return out;
    }

    /** Runs whose message waits in a spool of this work root and that are not settled. */
    static List<Path> spoolRuns(AutomationConfig config) {
        Set<Path> found = new LinkedHashSet<>();
        WorkDirs dirs = new WorkDirs(config.paths().workRoot().toAbsolutePath());
        for (Phase p : Phase.values()) {
            try (Stream<Path> files = Files.list(dirs.spool(p))) {
                files.filter(f -> f.getFileName().toString().endsWith(".json") && !f.getFileName().toString().startsWith("."))
                        .forEach(f -> {
                            try {
                                found.add(PhaseMessage.parse(Files.readString(f), f.toString()).runDir().toAbsolutePath().normalize());
                            } catch (IOException | RuntimeException unreadable) {
                                // a message that cannot be read is sent to recovery by its route, not followed here
                            }
                        });
            } catch (IOException noSpool) {
                // no spool folder yet: nothing waits there
            }
        }
        List<Path> out = new ArrayList<>();
        for (Path dir : found) {
            if (Files.exists(new RunLayout(dir).plan()) && !isSettled(dir)) {
                out.add(dir);
            }
        }
        return out;
    }

    private static boolean isSettled(Path dir) {
        try {
            return RunStore.open(dir).state().isSettled() || RunStore.storageFailure(dir).isPresent();
        } catch (RuntimeException broken) {
            return true;
        }
    }

    private static void say(PrintWriter out, List<String> lines, String line) {
        out.println(line);
        lines.add(line);
    }

    private static void interruptUnfinished(PrintWriter out, List<Path> runs, String reason) {
        for (Path dir : runs) {
            if (RunStore.storageFailure(dir).isPresent()) {
                continue;
            }
            try {
                RunStore store = RunStore.open(dir);
                if (!store.state().isSettled()) {
                    store.interrupted(reason);
                    out.println("Interrupted: " + dir + " — continue with: " + Shell.command(StatusDerivation.LAUNCHER, "resume", "--run-dir", dir.toString()));
                }
            } catch (RuntimeException e) {
                out.println("Could not mark " + dir + " interrupted: " + e.getMessage());
            }
        }
        out.flush();
    }
}
