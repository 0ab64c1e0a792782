package org.sth.automation.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.observe.AgentResult;
import org.sth.automation.phase.Controller;
import org.sth.automation.run.RunLayout;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.StatusDerivation;
import org.sth.automation.run.status.RunState;
import org.sth.automation.transport.SecretSource;

/** Runs the phase routes in this process until the given runs reach a settled state, then stops them. */
final class OneShot {

    private OneShot() {
    }

    /** How a one-shot command reports: where progress goes, whether it is a terminal, an operator's properties file. */
    record Reporting(PrintWriter progress, boolean terminal, Path properties) {
    }

    /** What came of it: the exit code and each run's final state (in the order the runs were queued). */
    record Outcome(int exit, Map<Path, RunState> states) {

        /** The runs as {@link AgentResult} entries (status with fresh derived blocks). */
        void addRuns(ObjectNode result) {
            var runs = result.withArray("runs");
            for (Path dir : states.keySet()) {
                RunStore store = RunStore.open(dir);
                ObjectNode s = store.statusSnapshot();
                StatusDerivation.apply(s, new RunLayout(dir), Instant.now());
                s.put("request_id", store.plan().requestId());
                runs.add(AgentResult.run(s));
            }
        }
    }

    static int runUntilDone(PrintWriter out, AutomationConfig config, SecretSource secrets, boolean withIntake,
            Supplier<List<Path>> queueWork, Duration timeout) {
        return runUntilDone(new Reporting(out, false, null), config, secrets, withIntake, queueWork, timeout).exit();
    }

    static Outcome runUntilDone(Reporting r, AutomationConfig config, SecretSource secrets, boolean withIntake,
            Supplier<List<Path>> queueWork, Duration timeout) {
        PrintWriter out = r.progress();
        WorkDirs dirs = new WorkDirs(config.paths().workRoot().toAbsolutePath());
        try (Engine engine = Engine.standard(secrets); Controller controller = Controller.start(config, engine,
                new Controller.Options(withIntake, null, new RecoveryApi(dirs), r.properties()))) {
            List<Path> runs = queueWork.get();
            if (runs.isEmpty()) {
                return new Outcome(Main.FAILED, Map.of());
            }
            runs.forEach(d -> out.println("Run directory: " + d));
            out.flush();
            // Ctrl-C / SIGTERM: the runs are marked interrupted (not failed) and stay resumable
            Thread onSignal = new Thread(() -> interruptUnfinished(out, runs), "sth-operator-interrupt");
            Runtime.getRuntime().addShutdownHook(onSignal);
            Map<Path, RunState> found = new RunWatcher(out, r.terminal()).follow(runs, timeout);
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
            Map<Path, RunState> states = new LinkedHashMap<>();
            runs.forEach(d -> states.put(d, found.get(d)));
            boolean ok = states.values().stream().allMatch(s -> s == RunState.COMPLETED);
            for (var e : states.entrySet()) {
                out.println("Result: " + e.getValue().id() + " — " + e.getKey());
                if (e.getValue() != RunState.COMPLETED) {
                    out.println("  next: " + StatusDerivation.LAUNCHER + " status --run-dir " + e.getKey());
                }
            }
            out.flush();
            return new Outcome(ok ? Main.OK : Main.FAILED, states);
        }
    }

    /** Marks every run of {@code runs} that is still in flight interrupted; it stays resumable. */
    static void interruptUnfinished(PrintWriter out, List<Path> runs) {
        for (Path dir : runs) {
            try {
                RunStore store = RunStore.open(dir);
                if (!store.state().isSettled()) {
                    store.interrupted("operator stopped the controller (signal)");
                    out.println("Interrupted: " + dir + " — continue with: " + StatusDerivation.LAUNCHER + " resume --run-dir " + dir);
                }
            } catch (RuntimeException e) {
                out.println("Could not mark " + dir + " interrupted: " + e.getMessage());
            }
        }
        out.flush();
    }
}
