package org.sth.automation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.run.JsonlLedger;
import org.sth.automation.run.RunPlan;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.status.Phase;

class StuckRunsTest {

    @AfterEach
    void forget() {
        RunStore.forgetAll();
    }

    private static PhaseMessage run(Path dir, String id) {
        Path runDir = dir.resolve("runs/" + id);
        RunStore.create(runDir, new RunPlan(id, "req", "h1", List.of("system-info"), dir.resolve("c.toml").toString(),
                dir.resolve("work").toString(), Instant.parse("2026-01-01T00:00:00Z")), Duration.ofSeconds(5));
        return new PhaseMessage(id, runDir, "h1", Phase.DISCOVER, 1, Instant.now());
    }

    @Test
    void aRunWhoseDeferredMessageStoppedComingBackIsQueuedAgainAndOneStillInTheBrokerIsNot(@TempDir Path dir) throws Exception {
        // given r1 holds h1, r2 and r3 wait behind it, and r1 then finished (released the host)
        WorkDirs dirs = new WorkDirs(dir.resolve("work"));
        HostHolders holders = new HostHolders(dirs, true);
        PhaseMessage r1 = run(dir, "r1");
        PhaseMessage r2 = run(dir, "r2");
        PhaseMessage r3 = run(dir, "r3");
        assertThat(holders.admit(r1, RunStore.open(r1.runDir())).admitted()).isTrue();
        assertThat(holders.admit(r2, RunStore.open(r2.runDir())).admitted()).isFalse();
        assertThat(holders.admit(r3, RunStore.open(r3.runDir())).admitted()).isFalse();
        holders.release("h1", "r1");
        Instant now = Instant.parse("2026-01-01T01:00:00Z");
        for (HostHolders.Waiting w : holders.waiting()) {
            // both messages last came back ten seconds ago
            Files.setLastModifiedTime(dir.resolve("work/hosts/h1.waiting/" + w.message().fileName()), FileTime.from(now.minusSeconds(10)));
        }
        StuckRuns watchdog = new StuckRuns(dirs, holders, Duration.ofSeconds(5), Clock.fixed(now, ZoneOffset.UTC));

        // when the watchdog looks twice; the broker holds r3's message (waiting for its group's consumer), not r2's
        List<String> first = watchdog.requeue(m -> m.runId().equals("r3"));
        List<String> second = watchdog.requeue(m -> m.runId().equals("r3"));

        // then r2 is queued again (once both looks missed it), with an event; r3 is left alone
        assertThat(first).isEmpty();
        assertThat(second).containsExactly("r2");
        assertThat(Files.exists(dirs.spool(Phase.DISCOVER).resolve("r2.json"))).isTrue();
        assertThat(Files.exists(dirs.spool(Phase.DISCOVER).resolve("r3.json"))).isFalse();
        assertThat(JsonlLedger.read(r2.runDir().resolve("events.jsonl")).records()).anySatisfy(e -> {
            assertThat(e.path("event").asText()).isEqualTo("run_requeued");
            assertThat(e.path("behind_run").asText()).isEqualTo("r1");
            assertThat(e.path("phase").asText()).isEqualTo("discover");
        });
    }

    @Test
    void aRunWhoseMessageKeepsComingBackOrThatFinishedIsNeverQueuedAgain(@TempDir Path dir) {
        // given r2 waits behind r1 and its message came back a moment ago; r3 waited and has finished since
        WorkDirs dirs = new WorkDirs(dir.resolve("work"));
        HostHolders holders = new HostHolders(dirs, true);
        PhaseMessage r1 = run(dir, "r1");
        PhaseMessage r2 = run(dir, "r2");
        PhaseMessage r3 = run(dir, "r3");
        holders.admit(r1, RunStore.open(r1.runDir()));
        holders.admit(r2, RunStore.open(r2.runDir()));
        holders.admit(r3, RunStore.open(r3.runDir()));
        RunStore.open(r3.runDir()).interrupted("operator stopped it");
        StuckRuns watchdog = new StuckRuns(dirs, holders, Duration.ofSeconds(5), Clock.systemUTC());

        // when
        watchdog.requeue(m -> false);
        List<String> again = watchdog.requeue(m -> false);

        // then
        assertThat(again).isEmpty();
        assertThat(holders.waiting()).extracting(w -> w.message().runId()).containsExactly("r2");
    }
}
