package org.sth.automation.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.sth.automation.io.CorruptFileException;
import org.sth.automation.io.Json;
import org.sth.automation.io.SafeText;
import org.sth.automation.run.RunLayout;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.status.RunState;

/**
 * Follows runs by tailing their {@code events.jsonl}: one progress line per phase and step and host,
 * plus a "still running" line at most every 10 s during long steps; stops when every run is terminal.
 */
final class RunWatcher {

    private static final Duration STILL_RUNNING_EVERY = Duration.ofSeconds(10);

    private final PrintWriter out;
    private final Map<Path, Long> offsets = new HashMap<>();
    private final Map<Path, Instant> lastPrinted = new HashMap<>();

    RunWatcher(PrintWriter out) {
        this.out = out;
    }

    /** Waits until every run is in a terminal state or the timeout passes; returns the final states. */
    Map<Path, RunState> follow(List<Path> runDirs, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Map<Path, RunState> states = new HashMap<>();
        while (true) {
            boolean allDone = true;
            for (Path dir : runDirs) {
                tail(dir);
                RunState state = state(dir);
                String storage = RunStore.storageFailure(dir).orElse(null);
                if (storage != null && !state.isSettled()) {
                    // the run directory refuses writes (disk full, read-only, gone): its status may never say so
                    if (states.get(dir) != RunState.INTERRUPTED) {
                        out.println("[" + dir.getParent().getFileName() + "] run interrupted: " + SafeText.line(storage));
                        out.flush();
                    }
                    state = RunState.INTERRUPTED;
                }
                states.put(dir, state);
                allDone &= state.isSettled();
            }
            if (allDone) {
                runDirs.forEach(this::tail);
                return states;
            }
            if (Instant.now().isAfter(deadline)) {
                out.println("Timed out after " + timeout.toSeconds() + " s waiting; the run(s) go on when a controller runs them. "
                        + "Check with: status --run-dir <dir>");
                out.flush();
                return states;
            }
            LockSupport.parkNanos(Duration.ofMillis(150).toNanos());
        }
    }

    private static RunState state(Path dir) {
        Path file = new RunLayout(dir).status();
        if (!Files.exists(file)) {
            return RunState.QUEUED;
        }
        try {
            return RunState.of(Json.readObject(file).path("state").asText());
        } catch (CorruptFileException e) {
            return RunState.QUEUED;
        }
    }

    private void tail(Path dir) {
        Path events = new RunLayout(dir).events();
        if (!Files.exists(events)) {
            return;
        }
        long offset = offsets.getOrDefault(dir, 0L);
        try (RandomAccessFile f = new RandomAccessFile(events.toFile(), "r")) {
            if (f.length() <= offset) {
                return;
            }
            byte[] buf = new byte[(int) Math.min(f.length() - offset, 4 << 20)];
            f.seek(offset);
            f.readFully(buf);
            int lastNewline = -1;
            for (int i = buf.length - 1; i >= 0; i--) {
                if (buf[i] == '\n') {
                    lastNewline = i;
                    break;
                }
            }
            if (lastNewline < 0) {
                return;
            }
            offsets.put(dir, offset + lastNewline + 1);
            for (String line : new String(buf, 0, lastNewline, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    try {
                        print(dir, (ObjectNode) Json.parse(line));
                    } catch (IllegalArgumentException | ClassCastException torn) {
                        // a torn line is skipped; the next complete one is printed
                    }
                }
            }
        } catch (IOException e) {
            out.println("(cannot read " + events + ": " + e.getMessage() + ")");
        }
    }

    private void print(Path dir, ObjectNode e) {
        String host = "[" + dir.getParent().getFileName() + "] ";
        String phase = e.path("phase").asText();
        String adapter = e.path("adapter").asText();
        String line = switch (e.path("event").asText()) {
            case "phase_entered" -> host + phase + ": started";
            case "phase_left" -> host + phase + ": " + e.path("outcome").asText() + error(e);
            case "step_finished" -> host + "  " + phase + " " + adapter + ": " + e.path("outcome").asText()
                    + reason(e.path("details"));
            case "step_skipped" -> host + "  " + phase + " " + adapter + ": already completed, not redone";
            case "moved_to_recovery" -> host + "moved to recovery: " + e.path("recovery_message").asText();
            case "run_resumed" -> host + "resumed at " + e.path("from_phase").asText() + " (" + e.path("how").asText() + ")";
            case "run_finished" -> host + "run " + e.path("state").asText();
            case "run_interrupted" -> host + "run interrupted: " + e.path("reason").asText() + error(e);
            case "previous_incarnation_ended" -> host + "  ended " + e.path("processes_found").asInt() + " process(es) of "
                    + e.path("key").asText() + " left running on the host by a stopped controller, before running it again";
            case "heartbeat" -> Duration.between(lastPrinted.getOrDefault(dir, Instant.EPOCH), Instant.now())
                    .compareTo(STILL_RUNNING_EVERY) >= 0 ? host + "  " + phase + " " + adapter + ": still running" : null;
            default -> null;
        };
        if (line != null) {
            // errors and reasons quote the host: one progress line stays one line, without escape sequences
            out.println(SafeText.line(line));
            out.flush();
            lastPrinted.put(dir, Instant.now());
        }
    }

    private static String error(JsonNode e) {
        return e.hasNonNull("error") ? " — " + e.path("error").asText() : "";
    }

    private static String reason(JsonNode details) {
        return details.hasNonNull("reason") ? " — " + details.path("reason").asText() : "";
    }
}
