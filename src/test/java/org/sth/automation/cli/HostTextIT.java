package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.Json;
import org.sth.automation.run.JsonlLedger;

/**
 * Holes 3 and 7 of issue 15 on the loopback host: host output carrying {@code ESC ] 0;PWNED BEL ESC [2J} (uname, a
 * runner's stderr, a CSV cell) never reaches the operator's terminal or the Markdown files raw, while the raw files
 * keep the bytes; a result that cannot be parsed is a failed step with the reason, not retried into recovery.
 */
class HostTextIT {

    static final String PAYLOAD = "\u001b]0;PWNED\u0007\u001b[2J";
    static final String SAMPLE = "src/test/resources/realdata/04-core-to-core-latency/results_Intel_Core_i9-12900K.csv";

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    private static Path tool(Path bin, String name, String body) throws Exception {
        Files.createDirectories(bin);
        Path tool = bin.resolve(name);
        Files.writeString(tool, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void escapeSequencesFromUnameNeverReachTheTerminalOrThePublishedProfile(@TempDir Path dir) throws Exception {
        // given a host whose uname prints a title-setting, screen-clearing sequence
        Path bin = tool(dir.resolve("host-bin"), "uname",
                "if [ \"$1\" = -a ]; then printf 'Linux \\033]0;PWNED\\007\\033[2J evil 6.1.0 x86_64\\n'; else exec /usr/bin/uname \"$@\"; fi\n");
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("demo"), 0, null, o -> o.withPathPrefix(bin))) {
            // when
            Cli.Result run = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "system-info", "--timeout", "PT3M");
            Path runDir = run.runDir();
            Cli.Result status = Cli.run("status", "--run-dir", runDir.toString());
            Cli.Result recover = Cli.run("recover", "--run-dir", runDir.toString());

            // then the raw capture keeps the bytes, and nothing a human reads carries them
            assertThat(runDir.resolve("benchmarks/system-info/raw/uname.txt")).content().contains(PAYLOAD);
            assertThat(runDir.resolve("benchmarks/system-info/system_profile.md")).content()
                    .contains("\\u001b]0;PWNED\\u0007\\u001b[2J").doesNotContain("\u001b", "\u0007");
            for (Cli.Result r : List.of(run, status, recover)) {
                assertThat(r.out() + r.err()).as(r.toString()).doesNotContain("\u001b", "\u0007");
            }
            assertThat(runDir.resolve("recovery_summary.md")).content().doesNotContain("\u001b", "\u0007");
            org.sth.automation.faults.FaultReport.row("ESC/BEL from the host in uname", "escaped in run, status, recover, recovery_summary.md, system_profile.md; raw file keeps it",
                    "0 raw control characters in 3 outputs and 2 Markdown files; raw/uname.txt unchanged", "inputs tried: 1, items lost: 0");
        }
    }

    @Test
    void aRunnersEscapeSequencesAndAnUnparsableCsvAreAFailedStepWithTheReasonShownSafely(@TempDir Path dir) throws Exception {
        // given a latency runner whose CSV has the payload in a cell, and who says so on stderr
        String csv = Files.readString(Path.of(SAMPLE)).replaceFirst("37\\.4733333333333", "\\\\033]0;PWNED\\\\007");
        Path bin = tool(dir.resolve("host-bin"), "core-to-core-latency",
                "printf 'progress \\033]0;PWNED\\007\\033[2J\\n' >&2\nprintf '" + csv.replace("%", "%%") + "'\n");
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("demo"), 0, null, o -> o.withPathPrefix(bin))) {
            // when
            Cli.Result run = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "latency", "--timeout", "PT3M");
            Path runDir = run.runDir();
            Cli.Result status = Cli.run("status", "--run-dir", runDir.toString());
            Cli.Result recover = Cli.run("recover", "--run-dir", runDir.toString());

            // then collect failed once, with the parser's reason; nothing went to recovery
            ObjectNode collect = Json.readObject(runDir.resolve("state/steps/latency/collect.json"));
            assertThat(collect.path("outcome").asText()).as(run.toString()).isEqualTo("failed");
            assertThat(collect.path("details").path("reason").asText()).contains("not a number", "\u001b]0;PWNED\u0007");
            assertThat(JsonlLedger.read(runDir.resolve("events.jsonl")).records())
                    .filteredOn(e -> e.path("event").asText().equals("phase_entered") && e.path("phase").asText().equals("collect"))
                    .as("collect is not retried").hasSize(1);
            assertThat(dir.resolve("demo/work/recovery/collect")).satisfiesAnyOf(
                    p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
            assertThat(Json.readObject(runDir.resolve("status.json")).path("state").asText()).isEqualTo("completed_with_failures");
            assertThat(run.out()).contains("not a number");
            // and what the terminal and the summary show is escaped
            for (Cli.Result r : List.of(run, status, recover)) {
                assertThat(r.out() + r.err()).as(r.toString()).doesNotContain("\u001b", "\u0007");
            }
            assertThat(runDir.resolve("recovery_summary.md")).content().doesNotContain("\u001b", "\u0007");
            assertThat(runDir.resolve("benchmarks/latency/latency.csv")).content().contains("\u001b]0;PWNED\u0007");
            org.sth.automation.faults.FaultReport.row("ESC/BEL in a runner's stderr and a latency CSV cell", "collect failed once with the reason, shown escaped; not retried, not in recovery",
                    "collect failed (not a number); collect entered once; recovery empty; 0 raw control characters shown", "inputs tried: 1, items lost: 0");
        }
    }
}
