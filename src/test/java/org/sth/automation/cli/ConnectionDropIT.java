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

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"runner", "per-command"})
    void droppedConnectionIsRecordedAndTheStepRetriedOnANewConnection(String remoteShell, @TempDir Path dir) throws Exception {
        // the first command (discover's probe) announces itself and lingers a moment the first time only
        Path bin = java.nio.file.Files.createDirectories(dir.resolve("host-bin"));
        Path started = dir.resolve("probe-started");
        java.nio.file.Files.writeString(bin.resolve("uname"), "#!/bin/sh\nif [ ! -e '" + started + "' ]; then : > '" + started
                + "'; sleep 3; fi\nexec /usr/bin/uname \"$@\"\n");
        java.nio.file.Files.setPosixFilePermissions(bin.resolve("uname"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null, o -> o.withPathPrefix(bin))) {
            java.nio.file.Files.writeString(env.config(), java.nio.file.Files.readString(env.config())
                    .replaceFirst("\\[ssh]\n", "[ssh]\nremote_shell = \"" + remoteShell + "\"\n"));
            // given the connection drops while the first command runs: an exec channel's connection as the command starts;
            // the runner's (which runs every command) once that command has started on it
            java.util.concurrent.CompletableFuture<Void> dropper = null;
            if (remoteShell.equals("per-command")) {
                env.server().dropConnectionsAfterExecStarts(1, 0);
            } else {
                dropper = java.util.concurrent.CompletableFuture.runAsync(() -> {
                    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(120)).until(() -> java.nio.file.Files.exists(started));
                    env.server().dropAllConnections();
                });
            }

            // when
            Cli.Result r = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "system-info", "--timeout", "PT3M");
            if (dropper != null) {
                dropper.get(10, java.util.concurrent.TimeUnit.SECONDS);
            }

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
