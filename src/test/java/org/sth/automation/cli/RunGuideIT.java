package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/run-guide.md runs as written: {@code scripts/run-guide.sh} executes every {@code bash} block of the page on the
 * loopback demo host, from an empty folder to a pushed result branch and its pull request command.
 */
class RunGuideIT {

    @Test
    void everyCommandOfTheRunGuideRunsGreenOnTheDemoHost(@TempDir Path tmp) throws Exception {
        // given the packaged launcher and an empty folder for the guide's files
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("scripts/run-guide.sh").toAbsolutePath().toString())
                .redirectErrorStream(true);
        pb.environment().put("TMPDIR", tmp.toString());
        pb.environment().put("STH_JAVA_OPTS", org.sth.automation.Cli.launcherOptions());

        // when the guide runs
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("the guide ran within 5 minutes").isTrue();

        // then every block ran, the run completed, its branch was pushed and its pull request is ready
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("run guide: every command ran as written", "Config OK: ", "gh pr create", "Dry run:");
        try (var left = Files.list(tmp)) {
            assertThat(left).as("the guide's folder is removed").isEmpty();
        }
    }
}
