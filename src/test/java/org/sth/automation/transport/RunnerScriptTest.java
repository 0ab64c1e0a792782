package org.sth.automation.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-host runner script itself, run by {@code /bin/sh} as sshd would run it: its end, however it comes, removes its
 * private directory and ends its commands. A hang-up is often followed at once by a TERM (sshd, and the demo host,
 * close the channel and then signal the session): the clean-up the hang-up began must not die half-way.
 */
class RunnerScriptTest {

    @Test
    void aTermArrivingWhileTheRunnerCleansUpAfterAHangUpDoesNotCutTheCleanUpShort(@TempDir Path scratch) throws Exception {
        // given a runner whose command ignores TERM (only the clean-up's KILL ends it)
        String marker = "sth-runner-test-" + UUID.randomUUID();
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", HostRunner.SCRIPT, "sth-runner").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("TMPDIR", scratch.toString());
        Process runner = pb.start();
        try {
            OutputStream in = runner.getOutputStream();
            String command = "trap '' TERM; sleep 100; : " + marker;
            in.write(("r 1 token " + HostRunner.octal(command.getBytes(StandardCharsets.UTF_8)) + " -\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !pgrep(marker).isEmpty());

            // when the channel closes (stdin ends) and a TERM follows while the runner is ending its command
            in.close();
            Thread.sleep(300);
            runner.destroy();

            // then the runner still ended the command (KILL after TERM) and removed its directory before it ended
            assertThat(runner.waitFor(10, TimeUnit.SECONDS)).isTrue();
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(pgrep(marker)).isEmpty());
            try (Stream<Path> left = Files.list(scratch)) {
                assertThat(left.toList()).as("the runner's private directory").isEmpty();
            }
        } finally {
            runner.destroyForcibly();
            new ProcessBuilder("pkill", "-KILL", "-f", marker).start().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aResultWhoseOutputFileIsGoneIsFramedAsEmptyAndTheNextResultStillComes(@TempDir Path scratch) throws Exception {
        // given a runner, and a command that removes its own stderr file (as a redirection that could not create it leaves it)
        Process runner = runner(scratch);
        try {
            OutputStream in = runner.getOutputStream();
            java.io.DataInputStream out = new java.io.DataInputStream(runner.getInputStream());
            assertThat(line(out)).startsWith("H 1 ");
            String first = "printf out; printf err >&2; rm -f \"$TMPDIR\"/sth-runner.*/1.e";
            in.write(("r 1 t1 " + HostRunner.octal(first.getBytes(StandardCharsets.UTF_8)) + " -\n").getBytes(StandardCharsets.UTF_8));
            in.flush();

            // when its result is framed, then the frame's sizes are what follows it (stdout, and nothing for the lost file)
            assertThat(line(out)).isEqualTo("e 1 0 3 0");
            assertThat(new String(out.readNBytes(3), StandardCharsets.UTF_8)).isEqualTo("out");

            // and the runner is not stuck: the next command's result comes, framed whole
            in.write(("r 2 t2 " + HostRunner.octal("echo second".getBytes(StandardCharsets.UTF_8)) + " -\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertThat(line(out)).isEqualTo("e 2 0 7 0");
            assertThat(new String(out.readNBytes(7), StandardCharsets.UTF_8)).isEqualTo("second\n");
            in.close();
            assertThat(runner.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            runner.destroyForcibly();
        }
    }

    @Test
    void manyCommandsEndingAtOnceAreEachFramedWholeUnderTheFrameLock(@TempDir Path scratch) throws Exception {
        // given a runner and forty commands sent at once, each with its own output sizes and exit status
        Process runner = runner(scratch);
        try {
            OutputStream in = runner.getOutputStream();
            java.io.DataInputStream out = new java.io.DataInputStream(runner.getInputStream());
            assertThat(line(out)).startsWith("H 1 ");
            java.util.Map<String, String> expected = new java.util.HashMap<>();
            for (int i = 1; i <= 40; i++) {
                // every tenth prints nothing at all (framed without cat)
                int o = i % 10 == 0 ? 0 : 5000 + 97 * i;
                int e = i % 10 == 0 ? 0 : 3 * i;
                String command = "head -c " + o + " /dev/zero | tr '\\0' o; head -c " + e + " /dev/zero | tr '\\0' e >&2; exit " + i % 7;
                in.write(("r " + i + " t" + i + " " + HostRunner.octal(command.getBytes(StandardCharsets.UTF_8)) + " -\n").getBytes(StandardCharsets.UTF_8));
                expected.put(String.valueOf(i), (i % 7) + " " + o + " " + e);
            }
            in.flush();

            // when their results come (the jobs end together and contend for the frame lock)
            java.util.Map<String, String> framed = new java.util.HashMap<>();
            for (int n = 0; n < 40; n++) {
                String[] head = line(out).split(" ");
                assertThat(head).as("a frame head").hasSize(5).startsWith("e");
                byte[] stdout = out.readNBytes(Integer.parseInt(head[3]));
                byte[] stderr = out.readNBytes(Integer.parseInt(head[4]));
                assertThat(new String(stdout, StandardCharsets.UTF_8)).as("stdout of %s", head[1]).matches("o*");
                assertThat(new String(stderr, StandardCharsets.UTF_8)).as("stderr of %s", head[1]).matches("e*");
                framed.put(head[1], head[2] + " " + stdout.length + " " + stderr.length);
            }

            // then each came once, whole, with its own status and sizes, and the runner left no file of them behind
            assertThat(framed).isEqualTo(expected);
            in.write("q\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertThat(runner.waitFor(10, TimeUnit.SECONDS)).isTrue();
            try (Stream<Path> left = Files.list(scratch)) {
                assertThat(left.toList()).as("the runner's private directory").isEmpty();
            }
        } finally {
            runner.destroyForcibly();
        }
    }

    /** The runner as sshd starts it ({@code sh -c}), its private folder under {@code scratch}, its stderr discarded. */
    private static Process runner(Path scratch) throws java.io.IOException {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", HostRunner.SCRIPT, "sth-runner").redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("TMPDIR", scratch.toString());
        return pb.start();
    }

    /** One line of the runner's output (bounded: a runner that sends nothing fails the test in 10 s, not never). */
    private static String line(java.io.DataInputStream out) throws Exception {
        java.util.concurrent.CompletableFuture<String> read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            StringBuilder b = new StringBuilder();
            try {
                for (int c = out.read(); c != -1 && c != '\n'; c = out.read()) {
                    b.append((char) c);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return b.toString();
        });
        return read.get(10, TimeUnit.SECONDS);
    }

    private static List<String> pgrep(String marker) throws Exception {
        Process p = new ProcessBuilder("pgrep", "-f", marker).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(5, TimeUnit.SECONDS);
        return out.lines().filter(l -> !l.isBlank()).toList();
    }
}
