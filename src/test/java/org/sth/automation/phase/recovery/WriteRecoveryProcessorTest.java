package org.sth.automation.phase.recovery;

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
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.phase.lifecycle.Exchanges;
import org.sth.automation.phase.lifecycle.PhaseDisposition;
import org.sth.automation.run.RunFence;
import org.sth.automation.run.RunPlan;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.status.Phase;

/**
 * Where a failed broker exchange goes: a failure of the phase itself is parked in recovery/<phase>/; a failure of the
 * broker (the hand-on's send or commit, in a failover or a cut link) is handed back, since its delivery is rolled back and
 * the broker gives it again: parking it too would leave a copy in recovery beside the run that delivery carries on.
 */
class WriteRecoveryProcessorTest {

    @AfterEach
    void forget() {
        RunStore.forgetAll();
    }

    private static Exchange failed(DefaultCamelContext camel, Path dir, Throwable error) {
        Path runDir = dir.resolve("runs/h1-1");
        RunStore store = RunStore.create(runDir, new RunPlan("h1-1", "req", "h1", List.of("system-info"), dir.resolve("c.toml").toString(),
                dir.resolve("work").toString(), Instant.now()), Duration.ofSeconds(5));
        store.phaseEntered(Phase.EXECUTE, 1);
        PhaseMessage m = new PhaseMessage("h1-1", runDir, "h1", Phase.EXECUTE, 1, Instant.now());
        RunFence.Claim claim = RunFence.take(runDir, "c1", Phase.EXECUTE, "ID:1", 1);
        Exchange e = new DefaultExchange(camel);
        e.getIn().setBody(m.toJsonText());
        e.setProperty(Exchanges.MESSAGE, m);
        e.setProperty(Exchanges.PHASE, Phase.EXECUTE);
        e.setProperty(Exchanges.HOLDER_EPOCH, claim.holder().epoch());
        Exchanges.dispose(e, PhaseDisposition.ENTERED);
        e.setProperty(Exchange.EXCEPTION_CAUGHT, error);
        return e;
    }

    @Test
    void aBrokerFailureInTheHandOnIsHandedBackNotParked(@TempDir Path dir) throws Exception {
        try (DefaultCamelContext camel = PlainCamel.context()) {
            // given an execute exchange whose hand-on failed on the broker (as Spring's JMS template reports it)
            Exchange e = failed(camel, dir, new org.springframework.jms.UncategorizedJmsException(
                    new jakarta.jms.JMSException("AMQ219010: Connection is destroyed")));

            // when it reaches recovery
            new WriteRecoveryProcessor(new WorkDirs(dir.resolve("work")), true).process(e);

            // then it is rolled back for another delivery, nothing is parked, and the run says why
            assertThat(e.isRollbackOnly()).isTrue();
            assertThat(Exchanges.disposition(e)).isEqualTo(PhaseDisposition.HANDED_BACK);
            assertThat(dir.resolve("work/recovery/execute/h1-1.json")).doesNotExist();
            assertThat(Files.readString(dir.resolve("runs/h1-1/events.jsonl"))).contains("\"event\":\"message_handed_back\"",
                    "the broker could not be reached");
        }
    }

    @Test
    void aStepThatFailedBecauseItsRunDirectoryWasRemovedIsHeldInItsSpoolNotParked(@TempDir Path dir) throws Exception {
        try (DefaultCamelContext camel = PlainCamel.context()) {
            // given an execute exchange in a file spool whose step failed on a manifest's folder, which is gone: the run
            // directory was removed while the step ran (a plain I/O error, not one the storage names itself)
            Exchange e = failed(camel, dir, new java.io.UncheckedIOException("Cannot write state/steps/system-info/execute.json",
                    new java.nio.file.NoSuchFileException("state/steps")));
            Path spooled = Files.createDirectories(dir.resolve("work/spool/execute")).resolve("h1-1.json");
            Files.writeString(spooled, e.getIn().getBody(String.class));
            e.getIn().setHeader(Exchange.FILE_PATH, spooled.toString());
            org.sth.automation.publish.StagingTree.deleteTree(dir.resolve("runs/h1-1"));

            // when it reaches recovery
            new WriteRecoveryProcessor(new WorkDirs(dir.resolve("work")), false).process(e);

            // then it is held in its spool for a resume once the directory is back, not parked, and nothing recreated the run
            assertThat(Exchanges.disposition(e)).isEqualTo(PhaseDisposition.HELD);
            assertThat(dir.resolve("work/recovery/execute/h1-1.json")).doesNotExist();
            assertThat(dir.resolve("runs/h1-1/state/plan.json")).doesNotExist();
        }
    }

    @Test
    void aFailureOfThePhaseItselfIsParkedInBrokerModeToo(@TempDir Path dir) throws Exception {
        try (DefaultCamelContext camel = PlainCamel.context()) {
            Exchange e = failed(camel, dir, new IllegalStateException("the benchmark's parser failed"));

            new WriteRecoveryProcessor(new WorkDirs(dir.resolve("work")), true).process(e);

            assertThat(e.isRollbackOnly()).isFalse();
            assertThat(Exchanges.disposition(e)).isEqualTo(PhaseDisposition.PARKED);
            assertThat(dir.resolve("work/recovery/execute/h1-1.json")).exists();
        }
    }
}
