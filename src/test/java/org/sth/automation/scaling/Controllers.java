package org.sth.automation.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.sth.automation.RunDirectoryAssertions;
import org.sth.automation.io.Json;
import org.sth.automation.run.JsonlLedger;

/** What the several-controller tests share: requests into the inbox, the runs they made, and the checks on them. */
public final class Controllers {

    private Controllers() {
    }

    /** Drops {@code count} requests, one host each, round-robin over {@code hosts}, as a tool would (temp name, then rename). */
    public static void request(Path inbox, List<String> hosts, int count, String benchmarks) throws IOException {
        Files.createDirectories(inbox);
        for (int i = 1; i <= count; i++) {
            String host = hosts.get((i - 1) % hosts.size());
            Path tmp = inbox.resolve(".r" + i + ".tmp");
            Files.writeString(tmp, "{\"request_id\": \"r" + i + "\", \"hosts\": [\"" + host + "\"], \"benchmarks\": [\"" + benchmarks + "\"]}\n");
            Files.move(tmp, inbox.resolve("r" + i + ".json"));
        }
    }

    public static List<Path> runs(Path runsRoot) {
        if (!Files.isDirectory(runsRoot)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(runsRoot, 3)) {
            return s.filter(p -> Files.exists(p.resolve("state/plan.json"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String state(Path run) {
        try {
            return Json.readObject(run.resolve("status.json")).path("state").asText();
        } catch (RuntimeException beingWritten) {
            return "";
        }
    }

    public static List<ObjectNode> events(Path run) {
        return JsonlLedger.read(run.resolve("events.jsonl")).records();
    }

    /** Waits (bounded) until {@code count} runs exist and every one is completed. */
    public static List<Path> awaitAllCompleted(Path runsRoot, int count, Duration atMost, Path... logs) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).failFast(() -> {
            for (Path r : runs(runsRoot)) {
                String s = state(r);
                // a run that ended any other way than completed fails at once (its timeline says how), never after the bound
                if (s.equals("recovery") || s.equals("failed") || s.equals("completed_with_failures")) {
                    throw new AssertionError(r + " ended " + s + ":\n" + timeline(r));
                }
            }
        }).untilAsserted(() -> {
            List<Path> runs = runs(runsRoot);
            assertThat(runs).as(tails(logs)).hasSize(count);
            assertThat(runs).as(tails(logs)).allSatisfy(r -> assertThat(state(r)).as(r.toString()).isEqualTo("completed"));
        });
        return runs(runsRoot);
    }

    public static String tails(Path... logs) {
        StringBuilder b = new StringBuilder();
        for (Path l : logs) {
            String text = Files.exists(l) ? RunDirectoryAssertions.read(l) : "";
            b.append("\n--- ").append(l.getFileName()).append('\n').append(text.length() > 4000 ? text.substring(text.length() - 4000) : text);
        }
        return b.toString();
    }

    /** Every checkpointed command of every run ran exactly once. */
    public static void assertEveryCommandOnce(List<Path> runs) {
        for (Path r : runs) {
            Map<String, Integer> counts = RunDirectoryAssertions.commandCountsByKey(r);
            assertThat(counts).as(r.toString()).isNotEmpty();
            assertThat(counts).as(r.toString()).allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
        }
    }

    /**
     * No controller wrote a run after it lost it: in every ledger of every run, the holder epochs of the lines (the epoch
     * the writing controller held the run with) never go back.
     */
    public static void assertEpochsNeverGoBack(List<Path> runs) {
        for (Path r : runs) {
            for (String ledger : List.of("events.jsonl", "command_ledger.jsonl", "transfer_ledger.jsonl")) {
                long last = 0;
                for (ObjectNode line : JsonlLedger.read(r.resolve(ledger)).records()) {
                    if (line.has("epoch")) {
                        long epoch = line.path("epoch").asLong();
                        assertThat(epoch).as(r + "/" + ledger + ": " + line + "\n" + timeline(r)).isGreaterThanOrEqualTo(last);
                        last = epoch;
                    }
                }
            }
        }
    }

    record Interval(Path run, Instant from, Instant to) {
        boolean overlaps(Interval o) {
            return from.isBefore(o.to) && o.from.isBefore(to);
        }
    }

    /** No two runs of one host were in a phase at the same time: per run, first phase entered to last phase left. */
    public static void assertNoTwoRunsOfAHostOverlap(List<Path> runs) {
        Map<String, List<Interval>> byHost = new HashMap<>();
        for (Path r : runs) {
            List<ObjectNode> ev = events(r);
            Instant from = null;
            Instant to = null;
            for (ObjectNode e : ev) {
                String type = e.path("event").asText();
                if (from == null && type.equals("phase_entered")) {
                    from = Instant.parse(e.path("ts").asText());
                }
                if (type.equals("phase_left") || type.equals("run_finished")) {
                    to = Instant.parse(e.path("ts").asText());
                }
            }
            String host = Json.readObject(r.resolve("status.json")).path("host").asText();
            byHost.computeIfAbsent(host, h -> new ArrayList<>()).add(new Interval(r, from, to));
        }
        byHost.forEach((host, intervals) -> {
            for (int i = 0; i < intervals.size(); i++) {
                for (int j = i + 1; j < intervals.size(); j++) {
                    Interval a = intervals.get(i);
                    Interval b = intervals.get(j);
                    assertThat(a.overlaps(b)).as(() -> "host " + host + ": " + a + " overlaps " + b + "\n" + timeline(a.run()) + "\n"
                            + timeline(b.run())).isFalse();
                }
            }
        });
    }

    /** One line per event of the run (time, type, phase, controller, how or reason), for a failure message. */
    public static String timeline(Path run) {
        StringBuilder b = new StringBuilder(run.getFileName().toString()).append(':');
        for (ObjectNode e : events(run)) {
            b.append("\n  ").append(e.path("ts").asText()).append(' ').append(e.path("event").asText());
            for (String f : List.of("phase", "outcome", "controller", "how", "reason", "from_run", "holder", "epoch", "processes_found")) {
                if (e.hasNonNull(f)) {
                    b.append(' ').append(f).append('=').append(e.path(f).asText());
                }
            }
        }
        return b.toString();
    }

    /** The controller (pid@host) that entered the run's phases, per phase_entered event. */
    public static List<String> controllersOf(Path run) {
        return events(run).stream().filter(e -> e.path("event").asText().equals("phase_entered"))
                .map(e -> e.path("controller").asText()).toList();
    }

    /** Starts a controller (its output in {@code log}) and waits, bounded, until it watches its inbox. */
    public static Process startAndAwaitWatching(Path log, String... args) throws IOException {
        Process p = org.sth.automation.Cli.controller(log, args).start();
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> RunDirectoryAssertions.read(log).contains("Watching"));
        } catch (RuntimeException | Error notWatching) {
            p.destroyForcibly();
            throw notWatching;
        }
        return p;
    }

    /** The run's last phase_entered is execute, by the controller {@code pidAt} (pid@), and no phase_left followed it. */
    public static boolean openExecuteOf(Path run, String pidAt) {
        List<ObjectNode> ev = events(run);
        for (int i = ev.size() - 1; i >= 0; i--) {
            String type = ev.get(i).path("event").asText();
            if (type.equals("phase_left") || type.equals("run_finished")) {
                return false;
            }
            if (type.equals("phase_entered")) {
                return ev.get(i).path("controller").asText().startsWith(pidAt) && ev.get(i).path("phase").asText().equals("execute");
            }
        }
        return false;
    }

    public static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public static void stop(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }
}
