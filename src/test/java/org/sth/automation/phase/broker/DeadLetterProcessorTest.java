package org.sth.automation.phase.broker;

import org.sth.automation.phase.PlainCamel;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.engine.HostHolders;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.io.Json;
import org.sth.automation.run.RunPlan;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.status.Phase;
import org.sth.automation.run.status.PhaseState;

/**
 * The leader's dead-letter step: a message every delivery of which ended without a commit is parked with its run, unless
 * another copy of it already carried the run on (then it is a stale copy: dropped with an event, nothing parked).
 */
class DeadLetterProcessorTest {

    @AfterEach
    void forget() {
        RunStore.forgetAll();
    }

    @Test
    void aDeadLetteredMessageIsParkedInRecoveryWithItsReasonAndItsHostIsReleased(@TempDir Path dir) throws Exception {
        // given a run in execute that holds its host, whose message the broker dead-lettered after 10 deliveries
        WorkDirs dirs = new WorkDirs(dir.resolve("work"));
        Path runDir = dir.resolve("runs/h1-1");
        RunStore store = RunStore.create(runDir, new RunPlan("h1-1", "req", "h1", List.of("system-info"), dir.resolve("c.toml").toString(),
                dirs.root().toString(), Instant.now()), Duration.ofSeconds(5));
        store.phaseEntered(Phase.EXECUTE, 1);
        HostHolders holders = new HostHolders(dirs, true);
        assertThat(holders.admit("h1", "h1-1", runDir).admitted()).isTrue();
        PhaseMessage m = new PhaseMessage("h1-1", runDir, "h1", Phase.EXECUTE, 1, Instant.now());
        Exchange exchange = new DefaultExchange(PlainCamel.context());
        exchange.getIn().setBody(m.toJsonText());
        exchange.getIn().setHeader(DeadLetterProcessor.ORIGINAL_ADDRESS, "sth.execute");
        exchange.getIn().setHeader("JMSXDeliveryCount", 10);

        // when
        new DeadLetterProcessor(dirs, holders).process(exchange);

        // then
        Path parked = dirs.recovery(Phase.EXECUTE).resolve("h1-1.json");
        assertThat(parked).exists();
        assertThat(Files.readString(parked)).isEqualTo(m.toJsonText());
        String sidecar = Files.readString(dirs.recovery(Phase.EXECUTE).resolve("h1-1.error.json"));
        assertThat(sidecar).contains("sth.dead-letter", "10 deliveries", "sth.execute");
        assertThat(Json.readObject(runDir.resolve("status.json")).path("state").asText()).isEqualTo("recovery");
        assertThat(Json.readObject(runDir.resolve("status.json")).path("last_error").path("replay_command").asText()).contains("replay");
        assertThat(holders.holder("h1")).isEmpty();
    }

    private static PhaseMessage run(Path dir, String id) {
        Path runDir = dir.resolve("runs/" + id);
        RunStore.create(runDir, new RunPlan(id, "req", "h1", List.of("system-info"), dir.resolve("c.toml").toString(),
                dir.resolve("work").toString(), Instant.parse("2026-01-01T00:00:00Z")), Duration.ofSeconds(5));
        return new PhaseMessage(id, runDir, "h1", Phase.EXECUTE, 1, Instant.now());
    }

    private static void deadLetter(Path dir, PhaseMessage m) throws Exception {
        WorkDirs dirs = new WorkDirs(dir.resolve("work"));
        try (DefaultCamelContext camel = PlainCamel.context()) {
            Exchange e = new DefaultExchange(camel);
            e.getIn().setBody(m.toJsonText());
            e.getIn().setHeader(DeadLetterProcessor.ORIGINAL_ADDRESS, "sth.execute");
            e.getIn().setHeader("JMSXDeliveryCount", 10);
            new DeadLetterProcessor(dirs, new HostHolders(dirs, true)).process(e);
        }
    }

    @Test
    void aDeadLetteredCopyOfARunAnotherCopyCarriedOnIsDroppedNotParked(@TempDir Path dir) throws Exception {
        // given a run that went on past execute (another copy of its message carried it) and one that finished
        PhaseMessage ahead = run(dir, "r2");
        RunStore.open(ahead.runDir()).phaseEntered(Phase.COLLECT, 1);
        PhaseMessage done = run(dir, "r3");
        RunStore store = RunStore.open(done.runDir());
        store.phaseEntered(Phase.FINALIZE, 1);
        store.phaseLeft(Phase.FINALIZE, PhaseState.COMPLETED, null);
        String before = store.statusSnapshot().path("state").asText();

        // when a stale execute copy of each comes out of the dead-letter queue
        deadLetter(dir, ahead);
        deadLetter(dir, done);

        // then nothing is parked, neither run changes state, and each records the dropped copy
        assertThat(dir.resolve("work/recovery/execute")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(),
                p -> assertThat(Files.list(p)).isEmpty());
        assertThat(RunStore.open(ahead.runDir()).statusSnapshot().path("phase").asText()).isEqualTo("collect");
        assertThat(RunStore.open(done.runDir()).statusSnapshot().path("state").asText()).isEqualTo(before).isEqualTo("completed");
        for (PhaseMessage m : List.of(ahead, done)) {
            assertThat(Files.readString(m.runDir().resolve("events.jsonl"))).contains("\"event\":\"duplicate_dropped\"", "dead-lettered: a copy");
        }
    }
}
