package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sth.automation.RunDirectoryAssertions.commandCountsByKey;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.OpenSshd;
import org.sth.automation.RunDirectoryAssertions;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.Json;
import org.sth.automation.run.JsonlLedger;

/**
 * Hole 5 of issue 15. Orphans: a request left in the inbox, or a run's message left in a spool, by a controller that
 * was SIGKILLed is taken over to completion by the next one-shot controller, never left running. Previous
 * incarnations: a command still running at the kill survives on a real OpenSSH host; resume ends it by its
 * STH_CMD_ID token before running it again, and records that it did.
 */
class OrphansIT {

    static final String OTHER = "demo-other";

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    /** The demo host twice under two names (two pooled connections, as two hosts would have). */
    static Path twoHosts(DemoEnvironment env) throws IOException {
        String toml = Files.readString(env.config());
        int at = toml.indexOf("[[hosts]]");
        String host = toml.substring(at);
        Files.writeString(env.config(), toml + "\n" + host.replace("name = \"" + DemoEnvironment.HOST + "\"", "name = \"" + OTHER + "\""));
        return env.config();
    }

    @Test
    void aRequestOrphanedInTheInboxIsTakenOverToCompletion(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // given the request a `run` SIGKILLed before intake left in the inbox
            Path config = twoHosts(env);
            Path inbox = dir.resolve("work/inbox");
            Files.createDirectories(inbox);
            Files.writeString(inbox.resolve("cli-orphan.json"), "{\"request_id\": \"cli-orphan\", \"hosts\": [\"" + OTHER
                    + "\"], \"benchmarks\": [\"system-info\"]}\n");

            // when the next run starts, for another host
            Cli.Result run = Cli.run("run", "--config", config.toString(), "--host", DemoEnvironment.HOST, "--benchmarks", "system-info",
                    "--timeout", "PT5M");

            // then its own run and the orphan both completed before it exited; nothing is left running
            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(run.out()).contains("Taking over 1 orphaned run(s)", "Orphan result: completed");
            assertThat(runs(dir)).hasSize(2).allSatisfy(r ->
                    assertThat(Json.readObject(r.resolve("status.json")).path("state").asText()).as(r.toString()).isEqualTo("completed"));
            assertThat(spoolMessages(dir)).isEmpty();
            org.sth.automation.faults.FaultReport.row("orphan request left in the inbox by a killed run", "taken over to completion by the next run",
                    "both runs completed; spools empty", "faults injected: 1, items lost: 0");
        }
    }

    @Test
    void aRunOrphanedInASpoolBySigkillIsFinishedByTheNextRun(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // given a controller SIGKILLed mid-execute of its run on the other host
            Path config = twoHosts(env);
            Process killed = Cli.controller(dir.resolve("killed.log"), "run", "--config", config.toString(), "--host", OTHER,
                    "--benchmarks", "system-info").start();
            Path orphan = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> RunDirectoryAssertions.findRun(dir.resolve("automation-runs")),
                            r -> r != null && RunDirectoryAssertions.read(r.resolve("command_ledger.jsonl")).contains("system-info/capture/"));
            killed.destroyForcibly();
            assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Json.readObject(orphan.resolve("status.json")).path("state").asText()).isEqualTo("running");

            // when the next run starts, for the first host
            Cli.Result run = Cli.run("run", "--config", config.toString(), "--host", DemoEnvironment.HOST, "--benchmarks", "system-info",
                    "--timeout", "PT5M");

            // then it finished the orphan too, without repeating a finished command of it
            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(run.out()).contains("Taking over 1 orphaned run(s)", orphan.toString(), "Orphan result: completed — " + orphan);
            assertThat(Json.readObject(orphan.resolve("status.json")).path("state").asText()).isEqualTo("completed");
            assertThat(commandCountsByKey(orphan)).allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
            assertThat(spoolMessages(dir)).isEmpty();
            org.sth.automation.faults.FaultReport.row("orphan run left in a spool by a SIGKILL mid-execute", "finished by the next run, no command twice",
                    "orphan completed; 0 keys twice; spools empty", "kills survived: 1, items lost: 0");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"runner", "per-command"})
    void aCommandOfAKilledControllerNeverRunsBesideItsNextIncarnationOnOpenSsh(String remoteShell, @TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null);
             OpenSshd sshd = OpenSshd.start(dir.resolve("sshd"), Files.readString(dir.resolve("keys/id_demo.pub")).strip(),
                     dir.resolve("home"))) {
            // given the demo config pointed at a real OpenSSH sshd, bounds-probe with a long ceiling
            Files.writeString(dir.resolve("known_hosts"), sshd.knownHostsLine() + "\n");
            String toml = Files.readString(env.config()).replaceFirst("port = \\d+", "port = " + sshd.port())
                    .replaceFirst("\\[ssh]\n", "[ssh]\nremote_shell = \"" + remoteShell + "\"\n");
            Files.writeString(env.config(), toml + "\n[execution.max_execution_secs_per_adapter]\nbounds-probe = 600\n");
            Process killed = Cli.controller(dir.resolve("killed.log"), "run", "--config", env.config().toString(),
                    "--host", DemoEnvironment.HOST, "--benchmarks", "bounds-probe").start();
            Path run = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> RunDirectoryAssertions.findRun(dir.resolve("automation-runs")),
                            r -> r != null && Files.exists(marker(r)));
            String token = Json.readObject(marker(run)).path("token").asText();
            List<Long> old = await().atMost(Duration.ofSeconds(30))
                    .until(() -> processesWith(token).stream().filter(OrphansIT::longLived).toList(), p -> p.size() >= 3);
            assertThat(old).as("the shell and the two long sleeps of the command").hasSizeGreaterThanOrEqualTo(3);

            // when the controller is SIGKILLed: with the runner, the host's runner sees its channel close and ends the
            // command (TERM, KILL after a second); with a channel per command OpenSSH does not end it, and its shell and
            // both long sleeps are still there seconds later
            killed.destroyForcibly();
            assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
            if (remoteShell.equals("runner")) {
                await().atMost(Duration.ofSeconds(15)).until(() -> old.stream().noneMatch(OrphansIT::alive));
            } else {
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> processesWith(token).size() >= 3);
            }

            // and the run is resumed (with a short ceiling, so the new incarnation ends quickly)
            Files.writeString(env.config(), Files.readString(env.config()).replace("bounds-probe = 600", "bounds-probe = 3"));
            Cli.Result resumed = Cli.run("resume", "--run-dir", run.toString(), "--timeout", "PT3M");

            // then the old incarnation was ended before the new one ran, and that was recorded
            assertThat(resumed.out()).as(resumed.toString()).contains(remoteShell.equals("runner")
                    ? "of a stopped controller is no longer running on the host" : "left running on the host by a stopped controller");
            assertThat(old).noneMatch(OrphansIT::alive);
            assertThat(processesWith(token)).isEmpty();
            List<ObjectNode> events = JsonlLedger.read(run.resolve("events.jsonl")).records();
            assertThat(events).filteredOn(e -> e.path("event").asText().equals("previous_incarnation_ended")).singleElement()
                    .satisfies(e -> {
                        assertThat(e.path("key").asText()).isEqualTo("bounds-probe/execute/never-ending");
                        assertThat(e.path("token").asText()).isEqualTo(token);
                        // what the runner ended is gone already; what OpenSSH left running is found by its token
                        assertThat(e.path("processes_found").asInt()).isGreaterThanOrEqualTo(remoteShell.equals("runner") ? 0 : 3);
                    });
            List<ObjectNode> ledger = JsonlLedger.read(run.resolve("command_ledger.jsonl")).records();
            int ended = indexOf(ledger, l -> l.path("previous_incarnation_of").asText().equals("bounds-probe/execute/never-ending"));
            int rerun = indexOf(ledger, l -> l.path("key").asText().equals("bounds-probe/execute/never-ending"));
            assertThat(ended).as("the ledger records the end of the old incarnation").isNotNegative().isLessThan(rerun);
            ObjectNode manifest = Json.readObject(run.resolve("state/steps/bounds-probe/execute.json"));
            assertThat(manifest.path("details").path("remote_leftovers").asInt()).as("no copy of the benchmark left").isZero();
            assertThat(manifest.path("outcome").asText()).isEqualTo("terminated");
            org.sth.automation.faults.FaultReport.row("command of a SIGKILLed controller on a real OpenSSH sshd (remote_shell = " + remoteShell + ")",
                    "never runs beside its next incarnation: the runner ends it when its channel closes; per command, resume ends it by its STH_CMD_ID; recorded",
                    old.size() + " processes of the command; " + (remoteShell.equals("runner") ? "ended by the runner after the kill"
                            : "survived the kill, ended before the rerun") + " (event + ledger line); 0 left",
                    "kills survived: 1, items lost: 0");
        }
    }

    private static Path marker(Path run) {
        return run.resolve("logs/commands/bounds-probe_execute_never-ending.started");
    }

    private static int indexOf(List<ObjectNode> lines, java.util.function.Predicate<ObjectNode> p) {
        for (int i = 0; i < lines.size(); i++) {
            if (p.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Pids on this machine (the sshd is local) whose environment carries STH_CMD_ID=token. */
    static List<Long> processesWith(String token) throws IOException {
        byte[] needle = ("STH_CMD_ID=" + token).getBytes(StandardCharsets.UTF_8);
        List<Long> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    for (String var : new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.UTF_8).split("\0")) {
                        if (var.equals(new String(needle, StandardCharsets.UTF_8))) {
                            out.add(Long.parseLong(p.getFileName().toString()));
                        }
                    }
                } catch (IOException gone) {
                    // exited meanwhile
                }
            }
        }
        return out;
    }

    /** Not one of the loop's one-second sleeps, which come and go. */
    private static boolean longLived(long pid) {
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
            return !cmdline.strip().equals("sleep 1");
        } catch (IOException gone) {
            return false;
        }
    }

    /** Running (a zombie, waiting for a parent to reap it, does not count). */
    private static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException gone) {
            return false;
        }
    }

    private static List<Path> runs(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir.resolve("automation-runs"), 3)) {
            return s.filter(p -> Files.exists(p.resolve("state/plan.json"))).toList();
        }
    }

    static List<Path> spoolMessages(Path dir) throws IOException {
        Path spool = dir.resolve("work/spool");
        if (!Files.isDirectory(spool)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(spool)) {
            return s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json")).toList();
        }
    }
}
