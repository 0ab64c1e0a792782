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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.sth.automation.io.CorruptFileException;
import org.sth.automation.io.Json;
import org.sth.automation.io.SafeText;
import org.sth.automation.run.RunLayout;
import org.sth.automation.run.RunListener;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.status.RunState;

/**
 * The one progress mechanism of every verb: it reads runs' {@code events.jsonl} and {@code transfer_ledger.jsonl} (the
 * files are the truth, whichever process runs the run) and prints one progress line per phase, step and transfer (with
 * its bytes) and host. A run written by this process wakes it at once ({@link RunListener}: it only says "look again");
 * a run another controller runs is looked at every second. On a terminal, one status line below the lines is redrawn in
 * place with each host's phase, step and elapsed time against its ceiling; elsewhere (a pipe, a file, a test) that
 * becomes a plain "running ... of a ... ceiling" line at most every 10 s per host.
 *
 * <p>{@code run}, {@code resume} and {@code replay} {@link #follow} their runs until they settle; {@code serve}
 * {@link #daemon watches} every run this process writes, from the event that woke it on, with "Accepted:" and
 * "Finished:" lines.
 */
final class RunWatcher implements RunListener, AutoCloseable {

    private static final Duration STILL_RUNNING_EVERY = Duration.ofSeconds(10);
    /** How often a run written by another process is looked at (one of this process wakes the watcher at once). */
    private static final Duration LOOK_AGAIN = Duration.ofSeconds(1);

    private final PrintWriter out;
    private final boolean terminal;
    private final boolean daemon;
    private final Map<Path, Long> offsets = new HashMap<>();
    private final Map<Path, Instant> lastPrinted = new HashMap<>();
    private final Map<Path, String> position = new LinkedHashMap<>();
    private final java.util.Set<Path> woken = new java.util.LinkedHashSet<>();
    private final Object wake = new Object();
    private String statusLine = "";
    private Thread printer;

    RunWatcher(PrintWriter out) {
        this(out, false);
    }

    /** @param terminal whether {@code out} is a terminal that understands carriage return and erase-line */
    RunWatcher(PrintWriter out, boolean terminal) {
        this(out, terminal, false);
        RunListener.Registry.add(this);
    }

    private RunWatcher(PrintWriter out, boolean terminal, boolean daemon) {
        this.out = out;
        this.terminal = terminal;
        this.daemon = daemon;
    }

    /** {@code serve}'s watcher: prints what every run of this process writes, on its own thread, until closed. */
    static RunWatcher daemon(PrintWriter out) {
        RunWatcher w = new RunWatcher(out, false, true);
        w.printer = new Thread(w::printWoken, "sth-serve-progress");
        w.printer.setDaemon(true);
        w.printer.start();
        RunListener.Registry.add(w);
        return w;
    }

    @Override
    public void onEvent(RunLayout run, ObjectNode event, ObjectNode status) {
        wake(run, run.events(), event);
    }

    @Override
    public void onTransfer(RunLayout run, ObjectNode line) {
        wake(run, run.transferLedger(), line);
    }

    /**
     * Called right after {@code line} was appended to {@code file} (under the run's lock): a daemon starts reading a run
     * it has not seen at that line, not at the run's first (a resumed run's history was printed when it happened).
     */
    private void wake(RunLayout run, Path file, ObjectNode line) {
        synchronized (wake) {
            if (daemon && !offsets.containsKey(file)) {
                try {
                    long start = Files.size(file) - (Json.line(line) + "\n").getBytes(StandardCharsets.UTF_8).length;
                    offsets.put(file, Math.max(0, start));
                    Path other = file.equals(run.events()) ? run.transferLedger() : run.events();
                    offsets.putIfAbsent(other, Files.exists(other) ? Files.size(other) : 0L);
                } catch (IOException e) {
                    offsets.put(file, 0L);
                }
            }
            woken.add(run.dir());
            wake.notifyAll();
        }
    }

    private void printWoken() {
        while (!Thread.currentThread().isInterrupted()) {
            List<Path> dirs;
            synchronized (wake) {
                while (woken.isEmpty()) {
                    try {
                        wake.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                dirs = List.copyOf(woken);
                woken.clear();
            }
            dirs.forEach(this::tail);
        }
    }

    @Override
    public void close() {
        RunListener.Registry.remove(this);
        if (printer != null) {
            printer.interrupt();
        }
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
            synchronized (wake) {
                if (woken.isEmpty()) {
                    try {
                        wake.wait(Math.max(1, Math.min(LOOK_AGAIN.toMillis(), Duration.between(Instant.now(), deadline).toMillis())));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        clearStatus();
                        return states;
                    }
                }
                woken.clear();
            }
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

    private synchronized void tail(Path dir) {
        RunLayout layout = new RunLayout(dir);
        tailFile(layout.events(), (host, e) -> printEvent(dir, host, e));
        tailFile(layout.transferLedger(), (host, t) -> line(ProgressLines.transfer(host, t)));
    }

    private void tailFile(Path file, BiConsumer<String, ObjectNode> each) {
        if (!Files.exists(file)) {
            return;
        }
        String host = file.getParent().getParent().getFileName().toString();
        long offset;
        synchronized (wake) {
            offset = offsets.getOrDefault(file, 0L);
        }
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
            synchronized (wake) {
                offsets.put(file, offset + lastNewline + 1);
            }
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
        if (daemon && type.equals("run_created")) {
            JsonNode b = e.path("benchmarks");
            List<String> names = new java.util.ArrayList<>();
            b.forEach(n -> names.add(n.asText()));
            line("Accepted: " + e.path("run_id").asText() + " on " + host + " (" + (b.isArray() ? String.join(",", names) : b.asText())
                    + ") — " + dir);
            return;
        }
        if (daemon && type.equals("run_finished")) {
            line("Finished: " + e.path("run_id").asText() + " " + e.path("state").asText() + " — " + dir);
            return;
        }
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
