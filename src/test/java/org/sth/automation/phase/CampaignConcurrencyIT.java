package org.sth.automation.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.RunDirectoryAssertions;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.Json;
import org.sth.automation.run.JsonlLedger;
import org.sth.automation.run.status.RunState;
import org.sth.automation.transport.SecretSource;

/**
 * A campaign: one request over four hosts and a second request for two of them, on one controller. Runs of different
 * hosts overlap in every phase (event timestamps), while the runs of one host never overlap at all (the second
 * request's run for a host waits, queued behind the first, and says so).
 */
class CampaignConcurrencyIT {

    private static final List<String> HOSTS = List.of("c1", "c2", "c3", "c4");

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    /** The demo host under four more names (all reach the same loopback SSH server). */
    private static String hosts(DemoEnvironment env) {
        StringBuilder t = new StringBuilder();
        for (String h : HOSTS) {
            t.append("""
                    [[hosts]]
                    name = "%s"
                    hostname = "127.0.0.1"
                    port = %d
                    username = "%s"
                    auth_ref = "demo_key"

                    """.formatted(h, env.server().port(), System.getProperty("user.name")));
        }
        return t + """
                [benchmarks.probe]
                command = "sleep 3 && echo ok=1 > r.txt"
                results = ["r.txt"]
                parser = "key=value"
                """;
    }

    /** [first phase_entered, run_finished] of a run, and per phase [entered, left]. */
    private record Span(Instant from, Instant to) {
        boolean overlaps(Span o) {
            return from.isBefore(o.to) && o.from.isBefore(to);
        }
    }

    private static Map<String, Span> phases(Path run) {
        Map<String, Instant> entered = new TreeMap<>();
        Map<String, Span> out = new TreeMap<>();
        for (ObjectNode e : JsonlLedger.read(run.resolve("events.jsonl")).records()) {
            Instant ts = Instant.parse(e.path("ts").asText());
            String phase = e.path("phase").asText();
            switch (e.path("event").asText()) {
                case "phase_entered" -> entered.put(phase, ts);
                case "phase_left" -> out.put(phase, new Span(entered.get(phase), ts));
                default -> {
                }
            }
        }
        return out;
    }

    private static Span whole(Path run) {
        List<ObjectNode> events = JsonlLedger.read(run.resolve("events.jsonl")).records();
        Instant first = events.stream().filter(e -> e.path("event").asText().equals("phase_entered")).map(e -> Instant.parse(e.path("ts").asText()))
                .findFirst().orElseThrow();
        Instant last = events.stream().filter(e -> e.path("event").asText().equals("run_finished")).map(e -> Instant.parse(e.path("ts").asText()))
                .reduce((a, b) -> b).orElseThrow();
        return new Span(first, last);
    }

    private static ObjectNode plan(Path run) {
        return Json.readObject(run.resolve("state/plan.json"));
    }

    private static boolean waited(Path run) {
        return JsonlLedger.read(run.resolve("events.jsonl")).records().stream().anyMatch(e -> e.path("event").asText().equals("run_waiting"));
    }

    @Test
    void hostsRunInParallelInEveryPhaseAndOneHostNeverRunsTwoRunsAtOnce(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            Files.writeString(env.config(), Files.readString(env.config()) + "\n" + hosts(env));
            AutomationConfig cfg = Adapters.loadConfig(env.config());
            WorkDirs dirs = new WorkDirs(cfg.paths().workRoot().toAbsolutePath());
            try (Engine engine = Engine.standard(SecretSource.ENVIRONMENT); Controller controller = Controller.start(cfg, engine, true)) {
                // when a campaign over four hosts and, right behind it, a second request for two of them arrive
                AtomicFiles.write(dirs.inbox().resolve("campaign.json"),
                        "{\"request_id\": \"campaign\", \"hosts\": [\"c1\", \"c2\", \"c3\", \"c4\"], \"benchmarks\": [\"probe\"]}");
                AtomicFiles.write(dirs.inbox().resolve("again.json"),
                        "{\"request_id\": \"again\", \"hosts\": [\"c1\", \"c2\"], \"benchmarks\": [\"probe\"]}");
                List<Path> runs = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(dirs.requests().resolve("campaign.json"))
                        && Files.exists(dirs.requests().resolve("again.json")));
                for (String id : List.of("campaign", "again")) {
                    Json.readObject(dirs.requests().resolve(id + ".json")).path("runs").forEach(r -> runs.add(Path.of(r.path("run_dir").asText())));
                }
                assertThat(runs).hasSize(6);

                // then while the first runs are going, the later run of a shared host says it waits behind the other
                Path waiter = await().atMost(Duration.ofSeconds(60)).until(() -> runs.stream().filter(CampaignConcurrencyIT::waited)
                        .findFirst().orElse(null), w -> w != null);
                ObjectNode wait = JsonlLedger.read(waiter.resolve("events.jsonl")).records().stream()
                        .filter(e -> e.path("event").asText().equals("run_waiting")).findFirst().orElseThrow();
                String host = plan(waiter).path("host").asText();
                Path holder = runs.stream().filter(r -> !r.equals(waiter) && host.equals(plan(r).path("host").asText())).findFirst().orElseThrow();
                assertThat(wait.path("behind_run").asText()).isEqualTo(plan(holder).path("run_id").asText());
                // a waiting run is queued (not stalled: it has no phase running) until its host is free
                ObjectNode rebuiltAtTheWait = org.sth.automation.run.status.StatusMachine.initial(plan(waiter), waiter.toString(), 1);
                for (ObjectNode e : JsonlLedger.read(waiter.resolve("events.jsonl")).records()) {
                    org.sth.automation.run.status.StatusMachine.apply(rebuiltAtTheWait, e);
                    if (e.equals(wait)) {
                        break;
                    }
                }
                assertThat(rebuiltAtTheWait.path("state").asText()).isEqualTo("queued");
                assertThat(rebuiltAtTheWait.path("waiting").path("behind_run").asText()).isEqualTo(plan(holder).path("run_id").asText());

                // and every run completes
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> runs.stream()
                        .allMatch(r -> RunState.of(Json.readObject(r.resolve("status.json")).path("state").asText()).isSettled()));
                for (Path r : runs) {
                    assertThat(Json.readObject(r.resolve("status.json")).path("state").asText()).as(r.toString()).isEqualTo("completed");
                    RunDirectoryAssertions.assertStatusRebuildsFromEvents(r);
                }

                // runs of different hosts overlapped in execute (3 s of sleep each)
                int overlapping = 0;
                for (int i = 0; i < runs.size(); i++) {
                    for (int j = i + 1; j < runs.size(); j++) {
                        boolean otherHost = !plan(runs.get(i)).path("host").equals(plan(runs.get(j)).path("host"));
                        overlapping += otherHost && phases(runs.get(i)).get("execute").overlaps(phases(runs.get(j)).get("execute")) ? 1 : 0;
                    }
                }
                assertThat(overlapping).as("pairs of runs on different hosts whose execute phases overlapped").isGreaterThanOrEqualTo(3);
                // and the two runs of c1, and of c2, did not overlap at all, in any phase: one waited for the other
                for (String h : List.of("c1", "c2")) {
                    List<Path> same = runs.stream().filter(r -> h.equals(plan(r).path("host").asText())).toList();
                    assertThat(same).hasSize(2);
                    assertThat(whole(same.get(0)).overlaps(whole(same.get(1)))).as("the two runs of " + h).isFalse();
                    assertThat(same.stream().filter(CampaignConcurrencyIT::waited)).as("runs of " + h + " that waited").hasSize(1);
                }
            }
        }
    }
}
