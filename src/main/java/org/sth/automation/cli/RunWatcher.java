package org.sth.automation.cli;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import org.sth.automation.io.CorruptFileException;
import org.sth.automation.io.Json;
import org.sth.automation.io.SafeText;
import org.sth.automation.run.RunLayout;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.status.RunState;

/**
 * Follows runs by tailing their {@code events.jsonl} and {@code transfer_ledger.jsonl}: one progress line per phase,
 * step and transfer (with its bytes) and host. On a terminal, one status line below them is redrawn in place with each
 * host's phase, step and elapsed time against its ceiling; elsewhere (a pipe, a file, a test) that becomes a plain
 * "running ... of a ... ceiling" line at most every 10 s per host. Stops when every run is settled.
 */
final class RunWatcher {

    private static final Duration STILL_RUNNING_EVERY = Duration.ofSeconds(10);

    private final PrintWriter out;
    private final boolean terminal;
    private final Map<Path, Long> offsets = new HashMap<>();
    private final Map<Path, Instant> lastPrinted = new HashMap<>();
    private final Map<Path, String> position = new LinkedHashMap<>();
    private String statusLine = "";

    RunWatcher(PrintWriter out) {
        this(out, false);
    }

    /** @param terminal whether {@code out} is a terminal that understands carriage return and erase-line */
    RunWatcher(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Whether this process's standard output is an interactive terminal (and TERM is not dumb). */
    static boolean stdoutIsTerminal() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    /** Waits until every run is in a settled state or the timeout passes; returns the final states. */
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
                clearStatus();
                return states;
            }
            if (Instant.now().isAfter(deadline)) {
                clearStatus();
                out.println("Timed out after " + timeout.toSeconds() + " s waiting; the run(s) go on when a controller runs them. "
                        + "Check with: status --run-dir <dir>");
                out.flush();
                return states;
            }
            drawStatus();
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
        RunLayout layout = new RunLayout(dir);
        tailFile(layout.events(), (host, e) -> printEvent(dir, host, e));
        tailFile(layout.transferLedger(), (host, t) -> line(ProgressLines.transfer(host, t)));
    }

    private void tailFile(Path file, BiConsumer<String, ObjectNode> each) {
        if (!Files.exists(file)) {
            return;
        }
        String host = file.getParent().getParent().getFileName().toString();
        long offset = offsets.getOrDefault(file, 0L);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
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
            offsets.put(file, offset + lastNewline + 1);
            for (String line : new String(buf, 0, lastNewline, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    try {
                        each.accept(host, (ObjectNode) Json.parse(line));
                    } catch (IllegalArgumentException | ClassCastException torn) {
                        // a torn line is skipped; the next complete one is printed
                    }
                }
            }
        } catch (IOException e) {
            line("(cannot read " + file + ": " + e.getMessage() + ")");
        }
    }

    private void printEvent(Path dir, String host, ObjectNode e) {
        String type = e.path("event").asText();
        if (type.equals("heartbeat")) {
            String beat = ProgressLines.heartbeat(host, e);
            position.put(dir, beat.replaceFirst("\\]\\s+", "] "));
            if (!terminal && Duration.between(lastPrinted.getOrDefault(dir, Instant.EPOCH), Instant.now()).compareTo(STILL_RUNNING_EVERY) >= 0) {
                line(beat);
                lastPrinted.put(dir, Instant.now());
            }
            return;
        }
        if (type.equals("step_started")) {
            position.put(dir, "[" + host + "] " + e.path("phase").asText() + " " + e.path("adapter").asText() + ": started");
        } else if (type.equals("run_finished") || type.equals("moved_to_recovery") || type.equals("run_interrupted")) {
            position.remove(dir);
        }
        String text = ProgressLines.event(host, e);
        if (text != null) {
            line(text);
            lastPrinted.put(dir, Instant.now());
        }
    }

    private void line(String text) {
        clearStatus();
        // errors and reasons quote the host: one progress line stays one line, without escape sequences
        out.println(SafeText.line(text));
        out.flush();
    }

    private void drawStatus() {
        if (!terminal || position.isEmpty()) {
            return;
        }
        String s = String.join("  |  ", position.values());
        if (s.length() > 160) {
            s = s.substring(0, 157) + "...";
        }
        if (!s.equals(statusLine)) {
            out.print("\r\u001b[K" + s);
            out.flush();
            statusLine = s;
        }
    }

    private void clearStatus() {
        if (terminal && !statusLine.isEmpty()) {
            out.print("\r\u001b[K");
            out.flush();
            statusLine = "";
        }
    }
}
