package org.sth.automation.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandWrapperTest {

    private static Process sh(String command) throws Exception {
        // a POSIX shell runs it, as sshd runs the channel command through the login shell
        return new ProcessBuilder("/bin/sh", "-c", command).start();
    }

    /** A folder for the front of PATH: empty, or with a grep that refuses -z, as old greps do. */
    private static Path hostBin(Path dir, boolean grepHasZ) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        if (!grepHasZ) {
            Path grep = bin.resolve("grep");
            Files.writeString(grep, "#!/bin/sh\nfor a; do case \"$a\" in -*z*) echo \"grep: invalid option -- 'z'\" >&2; exit 2;; esac; done\n"
                    + "exec /bin/grep \"$@\"\n");
            Files.setPosixFilePermissions(grep, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    private static String stdout(Process p) throws Exception {
        p.getOutputStream().close();
        return new String(p.getInputStream().readAllBytes());
    }

    @Test
    void wrappedCommandRunsQuotedInItsOwnGroupKeepsItsExitStatusAndPrintsNothingElse() throws Exception {
        // given a command with quotes, its own pid/pgid report and a non-zero exit
        String wrapped = SshRemoteSession.wrap("echo 'it''s'; echo $$; ps -o pgid= -p $$ | tr -d ' '; echo $STH_CMD_ID; exit 3", "tok1");

        // when this JVM's child (not a group leader: the job branch) runs it
        Process p = sh(wrapped);
        String out = stdout(p);
        String err = new String(p.getErrorStream().readAllBytes());

        // then
        assertThat(p.waitFor()).isEqualTo(3);
        String[] lines = out.strip().split("\n");
        assertThat(lines[0]).isEqualTo("its");
        assertThat(lines[2]).as("the command shell leads its group").isEqualTo(lines[1]);
        assertThat(lines[3]).isEqualTo("tok1");
        assertThat(err).isEmpty();
    }

    @Test
    void aGroupLeaderRunsTheCommandInPlace() throws Exception {
        // given a wrapper started as a session leader, the way sshd starts the login shell
        String wrapped = SshRemoteSession.wrap("echo $$; ps -o pgid= -p $$ | tr -d ' '; cat", "tok2");

        // when
        Process p = new ProcessBuilder("setsid", "/bin/sh", "-c", wrapped).start();
        p.getOutputStream().write("from-stdin\n".getBytes());
        String out = stdout(p);

        // then the command shell is the process setsid started (no fork) and stdin reaches it
        assertThat(p.waitFor()).isZero();
        String[] lines = out.strip().split("\n");
        assertThat(Long.parseLong(lines[0])).isEqualTo(p.pid());
        assertThat(lines[1]).isEqualTo(lines[0]);
        assertThat(lines[2]).isEqualTo("from-stdin");
    }

    @ParameterizedTest(name = "grep with -z: {0}")
    @ValueSource(booleans = {true, false})
    void signalScriptKillsEveryProcessOfTheTokenAndNothingElse(boolean grepHasZ, @TempDir Path dir) throws Exception {
        // given, on a host whose grep may lack -z (a stand-in first on PATH that refuses it, as old greps do),
        // two commands, each a group with a child, and a marker file the survivor keeps touching
        Path bin = hostBin(dir, grepHasZ);
        Path survived = dir.resolve("survived");
        Path ready = dir.resolve("ready");
        Process victim = sh(SshRemoteSession.wrap("sleep 3001 & sleep 3002 & touch '" + ready + "'; wait", "victimtok"));
        Process bystander = sh(SshRemoteSession.wrap("sleep 1; touch '" + survived + "'", "othertok"));
        victim.getOutputStream().close();
        bystander.getOutputStream().close();
        // both sleeps have exec'd (a process in the middle of execve may briefly show no environment)
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(ready)
                && running("sleep 3001") && running("sleep 3002"));

        String before = stdout(new ProcessBuilder("sh", "-c", "ps -eo pid,pgid,ppid,args | grep -v ' ps ' | grep -e 'sleep 300' -e 'sth-run' -e 'bash -c'").start());

        // when
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", SshRemoteSession.signalScript("victimtok", "KILL"));
        pb.environment().merge("PATH", bin.toString(), (old, first) -> first + ":" + old);
        Process kill = pb.start();
        String count = stdout(kill).strip();

        // then the victim's shell, both sleeps and the wrapper's job are found and gone; the bystander lives on
        assertThat(kill.waitFor()).isZero();
        assertThat(Integer.parseInt(count)).as("processes found; ps before the kill:%n%s", before).isGreaterThanOrEqualTo(3);
        assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(bystander.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(bystander.exitValue()).isZero();
        assertThat(Files.exists(survived)).isTrue();
        // and a token nobody carries matches nothing
        assertThat(stdout(sh(SshRemoteSession.signalScript("nobody", "TERM"))).strip()).isEqualTo("0");
    }

    @ParameterizedTest(name = "grep with -z: {0}")
    @ValueSource(booleans = {true, false})
    void aSignalForAnEpochEndsEveryEarlierIncarnationOfTheCommandAndNeverALaterOne(boolean grepHasZ, @TempDir Path dir) throws Exception {
        // given incarnations of one command from before epochs were carried, from epoch 1 and from epoch 3, and another
        // command of epoch 1 whose base token starts like this one's
        Path bin = hostBin(dir, grepHasZ);
        Process legacy = sh(SshRemoteSession.wrap("sleep 4001 & sleep 4011 & wait", "kcmd"));
        Process first = sh(SshRemoteSession.wrap("sleep 4002 & sleep 4012 & wait", "kcmd-e1"));
        Process later = sh(SshRemoteSession.wrap("exec sleep 4003", "kcmd-e3"));
        Process other = sh(SshRemoteSession.wrap("exec sleep 4004", "kcmdx-e1"));
        try {
            for (Process p : java.util.List.of(legacy, first, later, other)) {
                p.getOutputStream().close();
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> running("sleep 4001") && running("sleep 4002")
                    && running("sleep 4011") && running("sleep 4012") && running("sleep 4003") && running("sleep 4004"));

            // when the holder of epoch 2 ends the earlier incarnations
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", SshRemoteSession.signalScript("kcmd-e2", "KILL"));
            pb.environment().merge("PATH", bin.toString(), (old, firstOnPath) -> firstOnPath + ":" + old);
            Process kill = pb.start();
            String count = stdout(kill).strip();

            // then the two earlier ones are gone, every process of each counted (also those an earlier group signal ended),
            // epoch 3's and the other command's run on
            assertThat(kill.waitFor()).isZero();
            assertThat(Integer.parseInt(count)).as("each incarnation's shell and two sleeps").isGreaterThanOrEqualTo(6);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !running("sleep 4011") && !running("sleep 4012"));
            assertThat(legacy.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(running("sleep 4003")).as("epoch 3's incarnation").isTrue();
            assertThat(running("sleep 4004")).as("another command").isTrue();
            // and the holder of epoch 1, late, finds nothing it may end
            assertThat(stdout(sh(SshRemoteSession.signalScript("kcmd-e1", "KILL"))).strip()).isEqualTo("0");
            assertThat(running("sleep 4003")).isTrue();
        } finally {
            for (Process p : java.util.List.of(legacy, first, later, other)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    @Test
    void signalsReportedByTheServerBecome128PlusTheirNumber() {
        assertThat(SshRemoteSession.exitCode(3, null)).isEqualTo(3);
        assertThat(SshRemoteSession.exitCode(null, "KILL")).isEqualTo(137);
        assertThat(SshRemoteSession.exitCode(null, "TERM")).isEqualTo(143);
        assertThat(SshRemoteSession.exitCode(null, "XCPU")).isNull();
        assertThat(SshRemoteSession.exitCode(null, null)).isNull();
    }

    private static boolean running(String commandLine) throws Exception {
        Process p = new ProcessBuilder("pgrep", "-fx", commandLine).start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
