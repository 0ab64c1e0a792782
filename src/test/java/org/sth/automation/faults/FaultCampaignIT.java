package org.sth.automation.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.RunDirectoryAssertions;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.Json;
import org.sth.automation.io.Sha256;
import org.sth.automation.run.JsonlLedger;

/**
 * The SIGKILL campaign: a run of three hosts (the demo host under three names) with system-info and latency is
 * SIGKILLed at random points, {@code faults.kills} times ({@code scripts/faults/run-faults} asks 20; 3 inside
 * {@code mvn verify}), each time resumed by a controller that may be killed in turn. At the end every run completed,
 * every ledger parses, no checkpointed command ran twice, nothing is left in a spool or in recovery, and the
 * deterministic artefacts are digest-identical to those of a clean run.
 */
class FaultCampaignIT {

    static final List<String> HOSTS = List.of(DemoEnvironment.HOST, "demo-b", "demo-c");
    static final String SAMPLE = "src/test/resources/realdata/04-core-to-core-latency/results_Intel_Core_i9-12900K.csv";
    /** Files whose bytes do not depend on when they were captured (system-info's counters and timestamps do). */
    static final List<String> DETERMINISTIC = List.of("benchmarks/latency/latency.csv", "benchmarks/latency/summary.json",
            "benchmarks/latency/summary.md", "benchmarks/system-info/raw/uname.txt", "benchmarks/system-info/raw/os-release.txt",
            "benchmarks/system-info/raw/cmdline.txt", "benchmarks/system-info/raw/lscpu-topology.csv");

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    @Test
    void aMultiHostRunSurvivesSigkillsAtRandomPointsWithResumeEachTime(@TempDir Path dir) throws Exception {
        int kills = Integer.getInteger("faults.kills", 3);
        long seed = Long.getLong("faults.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("fault campaign: " + kills + " kills, seed " + seed);

        // given a clean run, for the reference digests and how long a run takes
        Instant cleanStart = Instant.now();
        Map<String, Map<String, String>> clean = digests(completedRuns(dir.resolve("clean"), 0, random));
        Duration cleanTook = Duration.between(cleanStart, Instant.now());

        // when the same run is killed at random points and resumed, again and again
        Campaign c = new Campaign(dir.resolve("faulted"), random, cleanTook);
        List<Path> runs = c.runWithKills(kills);

        // then
        assertThat(c.killed).isEqualTo(kills);
        assertThat(runs).hasSize(HOSTS.size() * c.rounds);
        int lines = 0;
        for (Path run : runs) {
            assertThat(Json.readObject(run.resolve("status.json")).path("state").asText()).as(run.toString()).isEqualTo("completed");
            for (String ledger : List.of("events.jsonl", "command_ledger.jsonl", "transfer_ledger.jsonl")) {
                JsonlLedger.Contents contents = JsonlLedger.read(run.resolve(ledger));
                assertThat(contents.unreadableLines()).as(run + "/" + ledger).isZero();
                lines += contents.records().size();
            }
            assertThat(RunDirectoryAssertions.commandCountsByKey(run)).allSatisfy((key, n) -> assertThat(n).as(run + " " + key).isEqualTo(1));
            RunDirectoryAssertions.assertCompleteRunDirectory(run);
        }
        for (int r = 0; r < c.rounds; r++) {
            assertThat(digests(runs.subList(r * HOSTS.size(), (r + 1) * HOSTS.size())))
                    .as("artefacts of round " + (r + 1) + " digest-identical to the clean run").isEqualTo(clean);
        }
        List<Path> left = leftovers(c.dir);
        assertThat(left).as("nothing left in a spool or in recovery").isEmpty();
        FaultReport.row("SIGKILL of the controller at random points (" + HOSTS.size() + " hosts, system-info + latency)",
                "every run completes on resume; ledgers parse; no key twice; artefacts = clean run",
                "all " + runs.size() + " runs (" + c.rounds + " round(s) of " + HOSTS.size() + " hosts) completed after " + c.controllers + " controllers; 0 unreadable ledger lines of " + lines
                        + "; 0 keys twice; digests equal",
                "kills survived: " + c.killed + ", seed " + seed + ", items lost: 0");
    }

    /** Runs to completion without faults (kills = 0) or with; returns the run directories. */
    private static List<Path> completedRuns(Path dir, int kills, Random random) throws Exception {
        return new Campaign(dir, random, Duration.ofSeconds(30)).runWithKills(kills);
    }

    /** One work root, its demo host under three names, and the controllers that ran there. */
    static final class Campaign {
        final Path dir;
        final Random random;
        final Duration typical;
        int killed;
        int controllers;
        int rounds;
        /** How long the last resume that ended by itself worked after Camel was up (at first: a third of a request). */
        long resumeSpan;

        Campaign(Path dir, Random random, Duration typical) {
            this.dir = dir;
            this.random = random;
            this.typical = typical;
            this.resumeSpan = typical.toMillis() / HOSTS.size();
        }

        /**
         * Runs the three-host request, killing its controllers at random points and resuming, until every run of it
         * completed; then again with a new request (a new round) while fewer than {@code kills} kills happened (a kill
         * point past the end of a round's remaining work ends the round without a kill). Returns every run.
         */
        List<Path> runWithKills(int kills) throws Exception {
            Files.createDirectories(dir);
            Path bin = dir.resolve("host-bin");
            Files.createDirectories(bin);
            Path runner = bin.resolve("core-to-core-latency");
            Files.writeString(runner, "#!/bin/sh\nsleep 1\ncat '" + Path.of(SAMPLE).toAbsolutePath() + "'\n");
            Files.setPosixFilePermissions(runner, PosixFilePermissions.fromString("rwxr-xr-x"));
            List<Path> all = new ArrayList<>();
            try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("demo"), 0, null, o -> o.withPathPrefix(bin))) {
                Path config = manyHosts(env);
                List<String> args = List.of("run", "--config", config.toString(), "--host", String.join(",", HOSTS),
                        "--benchmarks", "system-info,latency");
                do {
                    rounds++;
                    all.addAll(round(args, kills, all));
                } while (killed < kills);
            }
            return all;
        }

        private List<Path> round(List<String> args, int kills, List<Path> earlier) throws Exception {
            int started = controllers;
            while (true) {
                List<Path> runs = new ArrayList<>(runs(dir.resolve("demo/automation-runs")));
                runs.removeAll(earlier);
                List<Path> unfinished = runs.stream().filter(r -> !"completed".equals(state(r))).toList();
                if (!runs.isEmpty() && unfinished.isEmpty()) {
                    return runs;
                }
                List<String> command = runs.isEmpty() ? args : List.of("resume", "--run-dir", unfinished.get(0).toString());
                assertThat(controllers - started).as("bounded: at most kills + hosts + 5 controllers a round")
                        .isLessThan(kills + HOSTS.size() + 5);
                controllers++;
                Process p = Cli.controller(dir.resolve("controller-" + controllers + ".log"), command.toArray(String[]::new)).start();
                if (runs.isEmpty()) {
                    // the first controller is killed only once intake made the run directories: a request killed in
                    // the inbox is the orphan case of OrphansIT, and a second `run` would rightly run it too
                    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(50))
                            .until(() -> newRuns(earlier) == HOSTS.size() || !p.isAlive());
                }
                Instant began = Instant.now();
                if (killed < kills) {
                    // a random point between Camel being up and the typical end of what this controller does: the whole
                    // request for a `run`, one run's remaining work for a `resume` (drawn over the whole request, most
                    // points fell after a resume's end, and the campaign spent rounds without a kill)
                    long span = runs.isEmpty() ? typical.toMillis() : resumeSpan;
                    long ms = 1500 + (long) (random.nextDouble() * Math.max(1000, span));
                    if (!p.waitFor(ms, TimeUnit.MILLISECONDS)) {
                        p.destroyForcibly();
                        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                        killed++;
                        continue;
                    }
                }
                assertThat(p.waitFor(15, TimeUnit.MINUTES)).as("controller " + controllers + " ends").isTrue();
                if (!runs.isEmpty()) {
                    resumeSpan = Duration.between(began, Instant.now()).toMillis() - 1500;
                }
            }
        }

        private int newRuns(List<Path> earlier) throws IOException {
            List<Path> runs = new ArrayList<>(runs(dir.resolve("demo/automation-runs")));
            runs.removeAll(earlier);
            return runs.size();
        }

        private static Path manyHosts(DemoEnvironment env) throws IOException {
            String toml = Files.readString(env.config());
            String host = toml.substring(toml.indexOf("[[hosts]]"));
            StringBuilder out = new StringBuilder(toml);
            for (String name : HOSTS.subList(1, HOSTS.size())) {
                out.append('\n').append(host.replace("name = \"" + DemoEnvironment.HOST + "\"", "name = \"" + name + "\""));
            }
            Files.writeString(env.config(), out.toString());
            return env.config();
        }
    }

    static String state(Path run) {
        try {
            return Json.readObject(run.resolve("status.json")).path("state").asText();
        } catch (RuntimeException unreadable) {
            return "unknown";
        }
    }

    static List<Path> runs(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root, 3)) {
            return s.filter(p -> Files.exists(p.resolve("state/plan.json"))).sorted().toList();
        }
    }

    /** Per host, the sha256 of each deterministic artefact. */
    static Map<String, Map<String, String>> digests(List<Path> runs) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (Path run : runs) {
            Map<String, String> files = new TreeMap<>();
            for (String f : DETERMINISTIC) {
                Path p = run.resolve(f);
                files.put(f, Files.exists(p) ? Sha256.of(p) : "missing");
            }
            out.put(run.getParent().getFileName().toString(), files);
        }
        return out;
    }

    /** Messages still in a spool (held ones too) or parked in recovery. */
    static List<Path> leftovers(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String d : List.of("demo/work/spool", "demo/work/recovery", "demo/work/inbox")) {
            Path root = dir.resolve(d);
            if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.walk(root)) {
                    s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".toml"))
                            .filter(p -> !p.toString().contains("/.replayed/")).forEach(out::add);
                }
            }
        }
        return out;
    }
}
