package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sth.automation.RunDirectoryAssertions.commandCountsByKey;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.run.JsonlLedger;

/** A connection dropped by the server in the middle of a command is reported, the step retried, and the run completes. */
class ConnectionDropIT {

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    @Test
    void droppedConnectionIsRecordedAndTheStepRetriedOnANewConnection(@TempDir Path dir) {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // given the server drops the connection as the first command starts
            env.server().dropConnectionsAfterExecStarts(1, 0);

            // when
            Cli.Result r = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "system-info", "--timeout", "PT3M");

            // then
            assertThat(r.exit()).as(r.toString()).isZero();
            List<ObjectNode> ledger = JsonlLedger.read(r.runDir().resolve("command_ledger.jsonl")).records();
            assertThat(ledger.get(0).path("outcome").asText()).isEqualTo("connection_lost");
            assertThat(ledger.get(0).path("checkpointed").asBoolean()).isFalse();
            assertThat(ledger).filteredOn(l -> "discover/probe".equals(l.path("key").asText()))
                    .extracting(l -> l.path("outcome").asText()).containsExactly("connection_lost", "ok");
            assertThat(env.server().connectionCount()).isGreaterThanOrEqualTo(2);
            // the lost attempt is on record, every completed command ran once
            assertThat(commandCountsByKey(r.runDir())).allSatisfy((key, n) ->
                    assertThat(n).as(key).isEqualTo(key.equals("discover/probe") ? 2 : 1));
            assertThat(JsonlLedger.read(r.runDir().resolve("events.jsonl")).records())
                    .filteredOn(e -> "step_finished".equals(e.path("event").asText()) && "discover".equals(e.path("phase").asText()))
                    .extracting(e -> e.path("outcome").asText()).containsExactly("failed", "completed");
        }
    }
}
