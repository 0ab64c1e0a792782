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

/**
 * {@code scripts/measure-task-bounds.sh} as a real process: the dry run and the non-lab guard start and write nothing;
 * standard output is JSON lines only (the verdict last), the words go to standard error; a real bounds-probe run is
 * judged again ({@code --judge}): bound confirmed, and inconclusive once its heartbeat source is gone.
 */
class MeasureTaskBoundsScriptIT {

    @org.junit.jupiter.api.BeforeAll
    static void fast() {
        org.sth.automation.Cli.fastRoutes();
    }

    private static final Path SCRIPT = Path.of("scripts/measure-task-bounds.sh").toAbsolutePath();

    @Test
    void dryRunPrintsThePlanAsJsonLinesAndWritesNothing(@TempDir Path dir) throws Exception {
        // given
        Path tmp = Files.createDirectories(dir.resolve("tmp"));

        // when
        Run r = run(Map.of("DRY_RUN", "1", "TMPDIR", tmp.toString()), "--ceiling", "3");

        // then
        assertThat(r.exit()).as(r.out()).isZero();
        List<String> json = jsonLines(r);
        ObjectNode plan = (ObjectNode) Json.parse(json.get(0));
        assertThat(plan.path("event").asText()).isEqualTo("plan");
        assertThat(plan.path("ceiling_secs").asInt()).isEqualTo(3);
        assertThat(plan.path("host").asText()).isEqualTo("demo-local");
        assertThat(json).allSatisfy(l -> assertThat(Json.parse(l).path("event").asText()).isNotBlank());
        assertThat(Json.parse(json.get(json.size() - 1)).path("verdict").asText()).isEqualTo("dry_run");
        assertThat(r.err()).contains("verdict: dry run, nothing started or written", "# How to read this:");
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
        assertThat(r.out()).contains("\"event\":\"refused\"", "CONFIRM_NON_LAB=yes");
        assertThat(Json.parse(jsonLines(r).get(jsonLines(r).size() - 1)).path("verdict").asText()).isEqualTo("not_measured");
        assertThat(r.err()).contains("verdict: not measured");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).containsExactly(config);
        }
    }

    @Test
    void aKeptRunIsJudgedAgainAndWithoutItsHeartbeatSourceTheVerdictIsInconclusive(@TempDir Path dir) throws Exception {
        // given a real bounds-probe run on the demo host with a 1 s ceiling
        Path run;
        try (org.sth.automation.demo.DemoEnvironment env = org.sth.automation.demo.DemoEnvironment.start(dir, 0,
                "[execution.max_execution_secs_per_adapter]\nbounds-probe = 1\n")) {
            org.sth.automation.Cli.Result r = org.sth.automation.Cli.run("run", "--config", env.config().toString(), "--host",
                    org.sth.automation.demo.DemoEnvironment.HOST, "--benchmarks", "bounds-probe", "--timeout", "PT2M");
            run = r.runDir();
        }

        // when the harness judges it again
        Run judged = run(Map.of(), "--judge", run.toString(), "--ceiling", "1");

        // then the bound is confirmed, on JSON lines only
        assertThat(judged.exit()).as(judged.out() + judged.err()).isZero();
        List<String> json = jsonLines(judged);
        assertThat(Json.parse(json.get(json.size() - 1)).path("verdict").asText()).isEqualTo("bound_confirmed");
        assertThat(json).anySatisfy(l -> assertThat(Json.parse(l).path("source").asText()).isEqualTo("events.jsonl"));

        // when its heartbeat source is gone
        Files.delete(run.resolve("events.jsonl"));
        Run blind = run(Map.of(), "--judge", run.toString(), "--ceiling", "1");

        // then nothing is judged: inconclusive, exit 3
        assertThat(blind.exit()).as(blind.out() + blind.err()).isEqualTo(3);
        List<String> lines = jsonLines(blind);
        assertThat(Json.parse(lines.get(lines.size() - 1)).path("verdict").asText()).isEqualTo("inconclusive");
        assertThat(blind.err()).contains("verdict: inconclusive", "INCONCLUSIVE");
    }

    /** Every line on standard output, each asserted to be one JSON object (jq reads the output whole). */
    private static List<String> jsonLines(Run r) {
        List<String> lines = r.out().lines().toList();
        assertThat(lines).as("stdout is JSON lines only:\n" + r.out()).isNotEmpty()
                .allSatisfy(l -> assertThat(Json.parse(l).isObject()).as(l).isTrue());
        return lines;
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path err = Files.createTempFile("measure-task-bounds", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of("bash", SCRIPT.toString()), Stream.of(args)).toList())
                    .redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("script ended within 60 s").isTrue();
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
