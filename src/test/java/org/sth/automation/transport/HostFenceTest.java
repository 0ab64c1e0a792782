package org.sth.automation.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host side of the fence, run by bash as a host runs a command ({@code /bin/bash -c}). */
class HostFenceTest {

    private record Ran(int exit, String out, String err) {
        CommandResult result() {
            return new CommandResult("x", exit, out.getBytes(StandardCharsets.UTF_8), err.getBytes(StandardCharsets.UTF_8), Instant.now(),
                    Instant.now(), exit == 0 ? CommandOutcome.of("ok") : CommandOutcome.of("failed"));
        }
    }

    private static Ran bash(String script) throws Exception {
        Process p = new ProcessBuilder("/bin/bash", "-c", script).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Ran(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void aCommandOfAnEarlierEpochThanTheHostHasSeenIsRefusedThereAndRunsNothing(@TempDir Path scratch) throws Exception {
        // given a successor (epoch 2) that raised the host's fence
        String file = scratch.resolve(".fence/kcmd").toString();
        assertThat(bash(new HostFence(file, 2).raise()).out().strip()).isEqualTo("ok");
        Path ran = scratch.resolve("ran");

        // when the controller it took the run from (epoch 1) sends the command late
        Ran late = bash(new HostFence(file, 1).guard("touch '" + ran + "'"));

        // then the host refuses it, says why, and ran nothing
        assertThat(late.exit()).isEqualTo(HostFence.EXIT_FENCED);
        assertThat(late.err()).startsWith(HostFence.REFUSED + "2");
        assertThat(HostFence.refused(late.result())).isTrue();
        assertThat(ran).doesNotExist();
        // and its late raise (before it would end an incarnation) says fenced, leaving the successor's epoch
        assertThat(bash(new HostFence(file, 1).raise()).out().strip()).isEqualTo("fenced 2");
        assertThat(Files.readString(Path.of(file)).strip()).isEqualTo("2");
    }

    @Test
    void theHoldersOwnCommandRunsWithItsStdinAndExitStatusAndRaisesTheEpoch(@TempDir Path scratch) throws Exception {
        String file = scratch.resolve(".fence/kcmd").toString();
        // a first start (no fence file yet) and a later epoch's start both run, the command's own output and status intact
        Ran first = bash(new HostFence(file, 1).guard("echo one; echo warn >&2; exit 3"));
        assertThat(first.exit()).isEqualTo(3);
        assertThat(first.out()).isEqualTo("one\n");
        assertThat(first.err()).isEqualTo("warn\n");
        assertThat(HostFence.refused(first.result())).isFalse();
        assertThat(bash(new HostFence(file, 3).guard("exit 0")).exit()).isZero();
        assertThat(Files.readString(Path.of(file)).strip()).isEqualTo("3");
        // the same epoch again (a retry of the same holder) is its own
        assertThat(bash(new HostFence(file, 3).guard("echo again")).out()).isEqualTo("again\n");
        // the folder is private
        assertThat(Files.getPosixFilePermissions(Path.of(file).getParent()))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        // a command's own exit 75 is not a refusal
        Ran own = bash(new HostFence(file, 3).guard("exit 75"));
        assertThat(own.exit()).isEqualTo(75);
        assertThat(HostFence.refused(own.result())).isFalse();
    }

    @Test
    void withoutTheScratchTheCommandRunsAndTheScratchIsNotMadeAgain(@TempDir Path dir) throws Exception {
        // given a run whose scratch on the host was removed (finalize, an operator)
        Path scratch = dir.resolve("sth-bench-automation.gone");
        String file = scratch.resolve(".fence/kcmd").toString();

        // when
        Ran r = bash(new HostFence(file, 1).guard("echo ran"));

        // then the controller's own check stands alone: the command runs, and no scratch comes back
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("ran\n");
        assertThat(scratch).doesNotExist();
    }

    @Test
    void refusesPathsAndEpochsItCannotQuoteOrCompare() {
        assertThatThrownBy(() -> new HostFence("relative/f", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostFence("/tmp/a b", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostFence("/tmp/x/../y", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostFence("/tmp/f", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
