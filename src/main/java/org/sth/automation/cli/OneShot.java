package org.sth.automation.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.engine.Engine;
import org.sth.automation.phase.Controller;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.StatusDerivation;
import org.sth.automation.run.status.RunState;
import org.sth.automation.transport.SecretSource;

/** Runs the phase routes in this process until the given runs reach a terminal state, then stops them. */
final class OneShot {

    private OneShot() {
    }

    static int runUntilDone(PrintWriter out, AutomationConfig config, SecretSource secrets, boolean withIntake,
            Supplier<List<Path>> queueWork, Duration timeout) {
        try (Engine engine = Engine.standard(secrets); Controller controller = Controller.start(config, engine, withIntake)) {
            List<Path> runs = queueWork.get();
            if (runs.isEmpty()) {
                return Main.FAILED;
            }
            runs.forEach(r -> out.println("Run directory: " + r));
            out.flush();
            // Ctrl-C / SIGTERM: the runs are marked interrupted (not failed) and stay resumable
            Thread onSignal = new Thread(() -> interruptUnfinished(out, runs), "sth-operator-interrupt");
            Runtime.getRuntime().addShutdownHook(onSignal);
            Map<Path, RunState> states = new RunWatcher(out).follow(runs, timeout);
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
            boolean ok = states.values().stream().allMatch(s -> s == RunState.COMPLETED);
            for (var e : states.entrySet()) {
                out.println("Result: " + e.getValue().id() + " — " + e.getKey());
                if (e.getValue() != RunState.COMPLETED) {
                    out.println("  next: " + StatusDerivation.LAUNCHER + " status --run-dir " + e.getKey());
                }
            }
            out.flush();
            return ok ? Main.OK : Main.FAILED;
        }
    }

    private static void interruptUnfinished(PrintWriter out, List<Path> runs) {
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
