package org.sth.automation.adapter.agentsth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.host.topology.CpuSet;
import org.sth.automation.transport.CommandResult;

/**
 * The family script run by bash on this machine (real taskset, real /proc): each agent's affinity is read back while
 * it is stopped before its exec and while it runs; an agent that re-pins itself is caught with both sets.
 */
class FamilyScriptTest {

    private static CpuSet online;

    @TempDir
    Path dir;

    @BeforeAll
    static void cpus() throws Exception {
        online = CpuSet.parse(Files.readString(Path.of("/sys/devices/system/cpu/online")));
    }

    private CommandResult run(RunFamily family, String args) throws Exception {
        Path bundle = dir.resolve("bundle");
        Files.createDirectories(bundle);
        Path agent = bundle.resolve("agent");
        Files.writeString(agent, "#!/bin/sh\nif [ \"$1\" = --repin ]; then taskset -cp " + online.cpus().get(0)
                + " $$ >/dev/null; sleep 2; fi\necho \"$AGENT_INDEX $AGENT_CPUS\" > \"$OUT/results.txt\"\n");
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
        String script = FamilyScript.script(family, bundle.toString(), dir.resolve("out").resolve(family.id()).toString(), "./agent " + args);
        Instant started = Instant.now();
        Process p = new ProcessBuilder("bash", "-c", script).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new CommandResult(script, p.exitValue(), p.getInputStream().readAllBytes(), p.getErrorStream().readAllBytes(), started,
                Instant.now(), p.exitValue() == 0 ? org.sth.automation.transport.CommandOutcome.OK : org.sth.automation.transport.CommandOutcome.FAILED);
    }

    private static RunFamily split() {
        // one agent per CPU of this machine's first two
        List<Integer> cpus = online.cpus();
        return new RunFamily("all-split2", null, "p", false, "all", "logical", List.of(CpuSet.of(cpus.get(0)), CpuSet.of(cpus.get(1))));
    }

    @Test
    void everyAgentRunsWhereItWasPinnedAndTheReportSaysSo() throws Exception {
        // when
        CommandResult r = run(split(), "");
        FamilyScript.Report report = FamilyScript.read(split(), r);

        // then
        assertThat(r.exitCode()).as(r.stderrText()).isZero();
        assertThat(report.mismatch()).isNull();
        assertThat(report.pinTool()).isEqualTo("taskset");
        assertThat(report.agents()).allSatisfy(a -> {
            assertThat(a.startAffinity()).isEqualTo(a.planned().format());
            assertThat(a.exitCode()).isZero();
        });
        assertThat(Files.readString(dir.resolve("out/all-split2/agent-1/results.txt"), StandardCharsets.UTF_8).strip())
                .isEqualTo("1 " + split().agents().get(1).format());
    }

    @Test
    void anAgentThatRepinsItselfIsCaughtWhileItRuns() throws Exception {
        // when: both agents move themselves to the first CPU
        CommandResult r = run(split(), "--repin");
        FamilyScript.Report report = FamilyScript.read(split(), r);

        // then: agent 1 started on its own CPU and was seen on the first one
        String first = String.valueOf(online.cpus().get(0));
        String second = String.valueOf(online.cpus().get(1));
        assertThat(report.mismatch()).isEqualTo("agent 1 planned " + second + ", actual " + second + " (while running: " + first + ")");
        assertThat(report.agents().get(1).runningAffinities()).contains(first);
        assertThat(report.toJson().get(1).path("affinity_ok").asBoolean()).isFalse();
    }

    @Test
    void anAgentThatCannotStartIsReportedUnreadableAndFailed() throws Exception {
        // given: a CPU that does not exist
        RunFamily bad = new RunFamily("bad", null, CpuSet.of(4000), "p", false);

        // when
        CommandResult r = run(bad, "");
        FamilyScript.Report report = FamilyScript.read(bad, r);

        // then
        assertThat(r.exitCode()).isNotZero();
        assertThat(report.mismatch()).startsWith("agent 0 planned 4000, actual ");
        assertThat(report.agents().get(0).exitCode()).isNotZero();
    }
}
