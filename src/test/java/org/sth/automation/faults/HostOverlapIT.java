package org.sth.automation.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.run.JsonlLedger;

/**
 * Hole 6 of issue 15, the check of the fault suite: two requests for one host never overlap in any phase (nor in
 * any remote command). Closed by the campaign work's host exclusivity in the routes (HostHolders); this test
 * failed before it.
 */
class HostOverlapIT {

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    @Test
    void twoRequestsForOneHostNeverOverlapInAnyPhase(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // given a second request for the same host already waiting in the inbox
            Path inbox = dir.resolve("work/inbox");
            Files.createDirectories(inbox);
            Files.writeString(inbox.resolve("second.json"), "{\"request_id\": \"second\", \"hosts\": [\"" + DemoEnvironment.HOST
                    + "\"], \"benchmarks\": [\"system-info\"]}\n");

            // when a run for that host starts
            Cli.Result run = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "system-info", "--timeout", "PT5M");

            // then both runs completed, and no phase (and no command) of one overlaps one of the other
            assertThat(run.exit()).as(run.toString()).isZero();
            List<Path> runs = FaultCampaignIT.runs(dir.resolve("automation-runs"));
            assertThat(runs).hasSize(2);
            List<Interval> a = intervals(runs.get(0));
            List<Interval> b = intervals(runs.get(1));
            for (Interval x : a) {
                for (Interval y : b) {
                    assertThat(x.overlaps(y)).as(x + " of " + runs.get(0) + " overlaps " + y + " of " + runs.get(1)).isFalse();
                }
            }
            FaultReport.row("two requests for one host", "phases and commands never overlap (host exclusivity)",
                    "no overlap among " + a.size() + " x " + b.size() + " intervals", "runs: 2");
        }
    }

    record Interval(String what, Instant from, Instant to) {
        boolean overlaps(Interval o) {
            return from.isBefore(o.to) && o.from.isBefore(to);
        }
    }

    /** Phase intervals (entered to left) and command intervals (started to ended) of a run. */
    static List<Interval> intervals(Path run) {
        List<Interval> out = new ArrayList<>();
        Instant entered = null;
        String phase = null;
        for (ObjectNode e : JsonlLedger.read(run.resolve("events.jsonl")).records()) {
            String type = e.path("event").asText();
            if (type.equals("phase_entered")) {
                entered = Instant.parse(e.path("ts").asText());
                phase = e.path("phase").asText();
            } else if (type.equals("phase_left") && entered != null) {
                out.add(new Interval("phase " + phase, entered, Instant.parse(e.path("ts").asText())));
                entered = null;
            }
        }
        for (ObjectNode c : JsonlLedger.read(run.resolve("command_ledger.jsonl")).records()) {
            out.add(new Interval("command " + c.path("key").asText(c.path("command").asText()),
                    Instant.parse(c.path("started_at").asText()), Instant.parse(c.path("ended_at").asText())));
        }
        return out;
    }
}
