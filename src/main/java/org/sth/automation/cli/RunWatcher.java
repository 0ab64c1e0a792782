package org.sth.automation.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.sth.automation.run.CorruptFileException;
import org.sth.automation.run.Json;
import org.sth.automation.run.RunLayout;

/** Follows runs through their status files, printing one progress line per phase (and step) and host. */
final class RunWatcher {

    static final Set<String> TERMINAL = Set.of("completed", "completed_with_failures", "failed", "recovery", "interrupted");

    private final PrintWriter out;
    private final Map<String, String> seen = new HashMap<>();

    RunWatcher(PrintWriter out) {
        this.out = out;
    }

    /** Waits until every run is in a terminal state or the timeout passes; returns the final states. */
    Map<Path, String> follow(List<Path> runDirs, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Map<Path, String> states = new HashMap<>();
        while (true) {
            boolean allDone = true;
            for (Path dir : runDirs) {
                String state = poll(dir);
                states.put(dir, state);
                allDone &= TERMINAL.contains(state);
            }
            if (allDone) {
                return states;
            }
            if (Instant.now().isAfter(deadline)) {
                out.println("Timed out after " + timeout.toSeconds() + " s waiting for the run(s); they go on if a controller runs. "
                        + "Check with: status --run-dir <dir>");
                out.flush();
                return states;
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    private String poll(Path dir) {
        Path file = new RunLayout(dir).status();
        if (!Files.exists(file)) {
            return "queued";
        }
        ObjectNode s;
        try {
            s = Json.readObject(file);
        } catch (CorruptFileException e) {
            return "queued";
        }
        String host = s.path("host").asText();
        s.path("phases").fields().forEachRemaining(p -> report(host + "/" + p.getKey(), p.getValue().path("state").asText(),
                "[" + host + "] " + p.getKey() + ": "));
        s.path("steps").fields().forEachRemaining(a -> a.getValue().fields().forEachRemaining(p -> report(
                host + "/" + a.getKey() + "/" + p.getKey(), p.getValue().asText(), "[" + host + "]   " + p.getKey() + " " + a.getKey() + ": ")));
        String state = s.path("state").asText();
        if (TERMINAL.contains(state)) {
            report(host + "/run", state, "[" + host + "] run " + state + ": ");
        }
        return state;
    }

    private void report(String key, String state, String prefix) {
        if ("pending".equals(state) || state.equals(seen.get(key))) {
            return;
        }
        seen.put(key, state);
        out.println(prefix + state);
        out.flush();
    }
}
