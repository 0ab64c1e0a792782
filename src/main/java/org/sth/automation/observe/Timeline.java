package org.sth.automation.observe;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sth.automation.io.Json;
import org.sth.automation.run.RunLayout;

/**
 * What a run's {@code events.jsonl} says over time: each stay in a phase (entered, left, outcome), heartbeats, and the
 * marks people look for (a failed step, a ceiling reached, a move to recovery, an interrupt, a resume). Read
 * incrementally: a run with a long event ledger is parsed once, then only its new lines.
 */
public final class Timeline {

    /** One stay in a phase; {@code left} null while it lasts. */
    public record Bar(String phase, Instant entered, Instant left, String outcome, int attempt) {
    }

    /** A point in time worth a marker: {@code kind} is failed, ceiling, recovery, interrupted or resumed. */
    public record Mark(Instant at, String kind, String phase, String text) {
    }

    private static final Map<Path, Timeline> CACHE = new ConcurrentHashMap<>();
    /** Heartbeats kept per run for drawing (the oldest are thinned beyond this). */
    static final int MAX_BEATS = 2000;

    private final List<Bar> bars = new ArrayList<>();
    private final List<Instant> beats = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>();
    private Instant first;
    private Instant last;
    private long offset;

    private Timeline() {
    }

    /** The timeline of the run in {@code runDir}, up to the last complete line of its events. */
    public static Timeline of(Path runDir) {
        Timeline t = CACHE.computeIfAbsent(runDir.toAbsolutePath().normalize(), d -> new Timeline());
        synchronized (t) {
            t.readFrom(new RunLayout(runDir).events());
            return t.copy();
        }
    }

    private Timeline copy() {
        Timeline c = new Timeline();
        c.bars.addAll(bars);
        c.beats.addAll(beats);
        c.marks.addAll(marks);
        c.first = first;
        c.last = last;
        return c;
    }

    public List<Bar> bars() {
        return bars;
    }

    public List<Instant> beats() {
        return beats;
    }

    public List<Mark> marks() {
        return marks;
    }

    /** The first event's time, or null for an empty ledger. */
    public Instant first() {
        return first;
    }

    /** The last event's time, or null. */
    public Instant last() {
        return last;
    }

    private void readFrom(Path events) {
        if (!Files.exists(events)) {
            return;
        }
        try (RandomAccessFile f = new RandomAccessFile(events.toFile(), "r")) {
            long length = f.length();
            if (length < offset) {
                // the ledger was replaced (a test, a restore): read it again from the start
                bars.clear();
                beats.clear();
                marks.clear();
                offset = 0;
                first = null;
            }
            while (offset < length) {
                int chunk = (int) Math.min(length - offset, 8 << 20);
                byte[] buf = new byte[chunk];
                f.seek(offset);
                f.readFully(buf);
                int end = lastNewline(buf);
                if (end < 0) {
                    return;
                }
                for (String line : new String(buf, 0, end, StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) {
                        try {
                            apply(Json.parse(line));
                        } catch (IllegalArgumentException | java.time.DateTimeException torn) {
                            // a damaged line is skipped; the ledger is append-only, the next is whole
                        }
                    }
                }
                offset += end + 1;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot read " + events + ": " + e.getMessage(), e);
        }
    }

    private static int lastNewline(byte[] buf) {
        for (int i = buf.length - 1; i >= 0; i--) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void apply(JsonNode e) {
        Instant ts = Instant.parse(e.path("ts").asText());
        if (first == null) {
            first = ts;
        }
        last = ts;
        String phase = e.path("phase").asText(null);
        switch (e.path("event").asText()) {
            case "phase_entered" -> {
                close(null, ts, "left_derived");
                bars.add(new Bar(phase, ts, null, "running", e.path("attempt").asInt(1)));
            }
            case "phase_left" -> close(phase, ts, e.path("outcome").asText());
            case "heartbeat" -> {
                beats.add(ts);
                if (beats.size() > MAX_BEATS) {
                    // keep the trace readable: drop every other of the oldest half
                    for (int i = MAX_BEATS / 2 - 1; i >= 0; i -= 2) {
                        beats.remove(i);
                    }
                }
            }
            case "step_finished" -> {
                String outcome = e.path("outcome").asText();
                String adapter = e.path("adapter").asText();
                if (outcome.equals("terminated")) {
                    marks.add(new Mark(ts, "ceiling", phase, adapter + " " + phase + ": ceiling reached, terminated"));
                } else if (outcome.equals("failed")) {
                    marks.add(new Mark(ts, "failed", phase, adapter + " " + phase + " failed"
                            + (e.path("details").hasNonNull("error") ? ": " + e.path("details").path("error").asText() : "")));
                }
            }
            case "moved_to_recovery" -> {
                close(phase, ts, "recovery");
                marks.add(new Mark(ts, "recovery", phase, "moved to recovery: " + e.path("error").asText()));
            }
            case "run_interrupted" -> {
                close(null, ts, "interrupted");
                marks.add(new Mark(ts, "interrupted", phase, "interrupted: " + e.path("reason").asText()));
            }
            case "run_resumed" -> marks.add(new Mark(ts, "resumed", e.path("from_phase").asText(null),
                    "resumed at " + e.path("from_phase").asText() + " (" + e.path("how").asText() + ")"));
            default -> {
                // other events do not move the timeline
            }
        }
    }

    /** Ends the open bar (of {@code phase}, or whichever is open when null) at {@code ts}. */
    private void close(String phase, Instant ts, String outcome) {
        for (int i = bars.size() - 1; i >= 0; i--) {
            Bar b = bars.get(i);
            if (b.left() == null && (phase == null || b.phase().equals(phase))) {
                bars.set(i, new Bar(b.phase(), b.entered(), ts, outcome, b.attempt()));
                return;
            }
        }
    }
}
