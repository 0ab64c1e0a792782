package org.sth.automation.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.OpenSshd;
import org.sth.automation.RunDirectoryAssertions;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.Json;

/**
 * A host whose OpenSSH refuses the runner (a ForceCommand gate that lets single commands through, as an admin's audit
 * wrapper would) still completes its run, on a channel per command, and the run says so in its events, its status and
 * the {@code status} verb; a host that takes the runner runs every command of the run on it, over one session.
 */
class RemoteShellIT {

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    @Test
    void aHostThatRefusesTheRunnerCompletesItsRunOnAChannelPerCommandAndShowsIt(@TempDir Path dir) throws Exception {
        // given a real sshd whose ForceCommand refuses anything that starts the runner
        Path gate = dir.resolve("gate.sh");
        Files.writeString(gate, """
                #!/bin/sh
                case "$SSH_ORIGINAL_COMMAND" in
                  *sth-runner*) echo "this host runs single commands only" >&2; exit 1 ;;
                esac
                exec /bin/sh -c "$SSH_ORIGINAL_COMMAND"
                """);
        Files.setPosixFilePermissions(gate, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null);
             OpenSshd sshd = OpenSshd.start(dir.resolve("sshd"), Files.readString(dir.resolve("keys/id_demo.pub")).strip(),
                     dir.resolve("home"), "ForceCommand " + gate)) {
            Files.writeString(dir.resolve("known_hosts"), sshd.knownHostsLine() + "\n");
            Files.writeString(env.config(), Files.readString(env.config()).replaceFirst("port = \\d+", "port = " + sshd.port()));

            // when
            Cli.Result r = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST, "--benchmarks", "preflight",
                    "--timeout", "PT3M");

            // then
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).contains("commands take a channel each — the runner could not start on this host");
            Path run = r.runDir();
            ObjectNode shell = (ObjectNode) Json.readObject(run.resolve("status.json")).path("remote_shell");
            assertThat(shell.path("mode").asText()).isEqualTo("per_command");
            assertThat(shell.path("reason").asText()).contains("runner could not start");
            assertThat(RunDirectoryAssertions.read(run.resolve("events.jsonl"))).contains("\"remote_shell\"");
            Cli.Result status = Cli.run("status", "--run-dir", run.toString());
            assertThat(status.out()).contains("Shell:     a channel per command — the runner could not start on this host");
        }
    }

    @Test
    void aHostThatTakesTheRunnerRunsTheWholeRunOverOneSshdSession(@TempDir Path dir) throws Exception {
        // given a real sshd that logs each session it starts
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null);
             OpenSshd sshd = OpenSshd.start(dir.resolve("sshd"), Files.readString(dir.resolve("keys/id_demo.pub")).strip(),
                     dir.resolve("home"), "LogLevel VERBOSE")) {
            Files.writeString(dir.resolve("known_hosts"), sshd.knownHostsLine() + "\n");
            Files.writeString(env.config(), Files.readString(env.config()).replaceFirst("port = \\d+", "port = " + sshd.port()));

            // when
            Cli.Result r = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST, "--benchmarks", "preflight",
                    "--timeout", "PT3M");

            // then every command went through the one runner: sshd started one command session (and the runner's), not one per command
            assertThat(r.exit()).as(r.toString()).isZero();
            Path run = r.runDir();
            assertThat(Json.readObject(run.resolve("status.json")).path("remote_shell").path("mode").asText()).isEqualTo("runner");
            long commands = org.sth.automation.run.JsonlLedger.read(run.resolve("command_ledger.jsonl")).records().size();
            assertThat(commands).isGreaterThanOrEqualTo(3);
            long sessions = Files.readAllLines(dir.resolve("sshd/log")).stream().filter(l -> l.contains("Starting session: command")).count();
            assertThat(sessions).as("sshd sessions for " + commands + " commands").isEqualTo(1);
        }
    }
}
