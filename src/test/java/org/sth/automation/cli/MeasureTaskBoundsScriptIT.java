package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.io.Json;

/** {@code scripts/measure-task-bounds.sh} as a real process: the dry run and the non-lab guard start and write nothing. */
class MeasureTaskBoundsScriptIT {

    private static final Path SCRIPT = Path.of("scripts/measure-task-bounds.sh").toAbsolutePath();

    @Test
    void dryRunPrintsThePlanAsJsonLinesAndWritesNothing(@TempDir Path dir) throws Exception {
        // given
        Path tmp = Files.createDirectories(dir.resolve("tmp"));

        // when
        Run r = run(Map.of("DRY_RUN", "1", "TMPDIR", tmp.toString()), "--ceiling", "3");

        // then
        assertThat(r.exit()).as(r.out()).isZero();
        List<String> json = r.lines().stream().filter(l -> l.startsWith("{")).toList();
        ObjectNode plan = (ObjectNode) Json.parse(json.get(0));
        assertThat(plan.path("event").asText()).isEqualTo("plan");
        assertThat(plan.path("ceiling_secs").asInt()).isEqualTo(3);
        assertThat(plan.path("host").asText()).isEqualTo("demo-local");
        assertThat(json).allSatisfy(l -> assertThat(Json.parse(l).path("event").asText()).isNotBlank());
        assertThat(r.out()).contains("verdict: dry run, nothing started or written", "# How to read this:");
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s).as("nothing written under TMPDIR").isEmpty();
        }
    }

    @Test
    void aHostTaggedNeitherLabNorDemoIsRefusedWithoutConfirmation(@TempDir Path dir) throws Exception {
        // given
        Path config = dir.resolve("prod.toml");
        Files.writeString(config, """
                [[hosts]]
                name = "prod1"
                hostname = "192.0.2.10"
                tags = ["shared"]
                """);

        // when
        Run r = run(Map.of(), "--config", config.toString(), "--host", "prod1");

        // then
        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.out()).contains("\"event\":\"refused\"", "CONFIRM_NON_LAB=yes", "verdict: not measured");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).containsExactly(config);
        }
    }

    private record Run(int exit, String out) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of("bash", SCRIPT.toString()), Stream.of(args)).toList())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("script ended within 60 s").isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
