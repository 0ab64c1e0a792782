package org.sth.automation.phase.broker;

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
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
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
}
