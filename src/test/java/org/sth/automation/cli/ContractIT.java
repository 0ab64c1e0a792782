package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.Schemas;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.DocumentSchema;
import org.sth.automation.io.Json;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.StatusDerivation;

/**
 * The contract agents program against (issue 25), on what real runs write: every document of a demo run, a failed run,
 * a recovered run and a legacy backfilled run validates against its schema in {@code docs/schema/}; every verb's
 * {@code --json} answers one result document with one error taxonomy; every recommended command works verbatim from a
 * shell, with a config whose path has a space in it.
 */
class ContractIT {

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    @Test
    void documentsOfDemoFailedRecoveredAndLegacyRunsFollowTheirSchemasAndEveryHintRunsVerbatim(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("sp ace"));
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            String config = env.config().toString();
            Path work = dir.resolve("work");

            // given a demo run that completes
            Cli.Result demo = Cli.run("run", "--config", config, "--host", DemoEnvironment.HOST, "--benchmarks", "system-info",
                    "--timeout", "PT3M", "--json");
            JsonNode ran = Schemas.assertResult(demo);
            assertThat(demo.exit()).as(demo.toString()).isZero();
            Path completed = Path.of(ran.path("runs").get(0).path("run_dir").asText());
            assertThat(ran.path("runs").get(0).path("monitoring").path("state").asText()).isEqualTo("idle");
            assertThat(ran.path("messages").toString()).contains("Run directory: ", "Result: completed");
            Schemas.assertRunDirectory(completed, true);
            payloadDigestFromTheDocs(completed);
            assertThat(Json.read(completed.resolve("status.json")).path("request_id").asText()).isEqualTo(ran.path("runs").get(0).path("request_id").asText());
            assertThat(Json.read(completed.resolve("status.json")).path("next_commands")).as("nothing is left to run").isEmpty();

            // and two runs that fail at discover (the key is gone): both parked in recovery
            Path key = dir.resolve("keys/id_demo");
            Files.move(key, dir.resolve("keys/id_demo.away"));
            Cli.Result failed = Cli.run("run", "--config", config, "--host", DemoEnvironment.HOST, "--benchmarks", "system-info",
                    "--timeout", "PT2M", "--json");
            JsonNode failedDoc = Schemas.assertResult(failed);
            assertThat(failedDoc.path("error").path("kind").asText()).as(failed.toString()).isEqualTo("failed");
            Path a = Path.of(failedDoc.path("runs").get(0).path("run_dir").asText());
            JsonNode statusA = Json.read(a.resolve("status.json"));
            assertThat(statusA.path("state").asText()).isEqualTo("recovery");
            // the next: line is the run's own primary next command (the scoped validate), shell-quoted
            assertThat(failedDoc.path("messages").toString()).contains(Json.MAPPER.writeValueAsString("  next: " + statusA.path("next_command").asText())
                    .replaceAll("^\"|\"$", ""));
            assertThat(statusA.path("next_command").asText()).contains("--scope connectivity", "'" + config + "'");
            Cli.Result failedB = Cli.run("run", "--config", config, "--host", DemoEnvironment.HOST, "--benchmarks", "system-info",
                    "--timeout", "PT2M");
            Path b = failedB.runDir();
            Schemas.assertRunDirectory(a, true);
            Schemas.assertWorkRoot(work);

            // when every recommended command that only reads is run verbatim by a shell
            Set<String> hints = new LinkedHashSet<>();
            statusA.path("next_commands").forEach(c -> hints.add(c.asText()));
            statusA.path("next_diagnostic_commands").forEach(c -> hints.add(c.asText()));
            hints.add(Shell.lines(Cli.run("replay", "nope", "--config", config).err()).stream().filter(l -> l.contains("list them with: "))
                    .map(l -> l.substring(l.indexOf("list them with: ") + "list them with: ".length(), l.lastIndexOf(')'))).findFirst().orElseThrow());
            Cli.Result staging = Cli.run("validate", "--config", config, "--scope", "staging", "--json");
            hints.add(Schemas.assertResult(staging).path("report").path("hosts").get(0).path("live_check_command").asText());
            List<String> ran2 = new ArrayList<>();
            for (String hint : hints) {
                if (hint.contains(" resume ") || hint.contains(" replay /") || hint.contains(" replay '")) {
                    continue; // they change the run: the replay hint is run below, on purpose
                }
                Shell.Result r = Shell.run(hint, dir);
                // then each is understood (exit 0, or 1 for a check that finds the missing key), never a usage error
                assertThat(r.exit()).as(hint + "\n" + r.out()).isIn(0, 1);
                assertThat(r.out()).as(hint).doesNotContain("Unmatched argument", "Unknown option", "Missing required");
                ran2.add(hint);
            }
            assertThat(ran2).as("hints run").anyMatch(h -> h.contains("--scope connectivity")).anyMatch(h -> h.contains("recover --run-dir"))
                    .anyMatch(h -> h.contains("replay --list")).anyMatch(h -> h.contains("--scope all"));

            // when the key is back and the parked message's replay command runs verbatim
            Files.move(dir.resolve("keys/id_demo.away"), key);
            String replay = statusA.path("last_error").path("replay_command").asText();
            Shell.Result replayed = Shell.run(replay, dir);

            // then run A recovers; its documents still follow their schemas
            assertThat(replayed.exit()).as(replay + "\n" + replayed.out()).isZero();
            RunStore.forgetAll();
            assertThat(Json.read(a.resolve("status.json")).path("state").asText()).isEqualTo("completed");
            Schemas.assertRunDirectory(a, true);

            // when a request is left in the inbox (a crash before intake) and run B is resumed
            Files.writeString(work.resolve("inbox/orphan-1.json"), "{\"$schema\": \"" + DocumentSchema.REQUEST.id()
                    + "\", \"request_id\": \"orphan-1\", \"hosts\": [\"demo-local\"], \"benchmarks\": [\"system-info\"]}");
            Schemas.assertValid(DocumentSchema.REQUEST, Json.read(work.resolve("inbox/orphan-1.json")), "the orphaned request");
            Cli.Result resumed = Cli.run("resume", "--run-dir", b.toString(), "--timeout", "PT3M", "--json");

            // then resume consumed the orphan too, as the docs say, and ran both to their end
            JsonNode resumedDoc = Schemas.assertResult(resumed);
            assertThat(resumed.exit()).as(resumed.toString()).isZero();
            assertThat(resumed.err()).contains("Taking over 1 orphaned run");
            JsonNode orphan = Json.read(work.resolve("requests/orphan-1.json"));
            Path orphanRun = Path.of(orphan.path("runs").get(0).path("run_dir").asText());
            assertThat(Json.read(orphanRun.resolve("status.json")).path("state").asText()).isEqualTo("completed");
            assertThat(resumedDoc.path("runs").get(0).path("state").asText()).isEqualTo("completed");
            Schemas.assertRunDirectory(b, true);
            Schemas.assertRunDirectory(orphanRun, true);
            Schemas.assertWorkRoot(work);

            // and every verb answers --json in one result document, errors included, one exit code per kind of mistake
            verbs(config, completed, work, dir);
        }
    }

    private static void verbs(String config, Path run, Path work, Path dir) throws IOException {
        assertThat(Schemas.assertResult(Cli.run("status", "--run-dir", run.toString(), "--json")).path("status").path("run_id").asText())
                .isEqualTo(run.getParent().getFileName() + "-" + run.getFileName());
        JsonNode recover = Schemas.assertResult(Cli.run("recover", "--run-dir", run.toString(), "--json"));
        assertThat(recover.path("recovery_summary").path("markdown").asText()).contains("# Recovery summary");
        JsonNode dry = Schemas.assertResult(Cli.run("run", "--config", config, "--host", DemoEnvironment.HOST, "--benchmarks", "system-info",
                "--dry-run", "--json"));
        assertThat(dry.path("plan").path("hosts").get(0).path("hops").get(0).path("auth").asText()).startsWith("key_file");
        assertThat(dry.path("messages").get(0).asText()).startsWith("Dry run:");
        Schemas.assertResult(Cli.run("runs", "--config", config, "--json"));
        Schemas.assertResult(Cli.run("replay", "--list", "--config", config, "--json"));
        Schemas.assertResult(Cli.run("plan", "--config", config, "--host", DemoEnvironment.HOST, "--json"));
        JsonNode conn = Schemas.assertResult(Cli.run("validate", "--config", config, "--scope", "connectivity", "--json"));
        assertThat(conn.path("report").path("hosts").get(0).path("hops").get(0).has("host_key_fingerprint")).isTrue();
        assertThat(conn.path("messages").toString()).contains("host demo-local: reachable");

        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path broken = Files.writeString(dir.resolve("broken.toml"), "[[hosts]\nname = ");
        Path wrongType = Files.writeString(dir.resolve("wrong.toml"), "[[hosts]]\nname = 42\n");
        record Mistake(String kind, int exit, String[] args) {
        }
        List<Mistake> mistakes = List.of(
                new Mistake("not_found", 2, new String[] {"status", "--run-dir", dir.resolve("nope").toString(), "--json"}),
                new Mistake("not_found", 2, new String[] {"status", "--run-dir", file.toString(), "--json"}),
                new Mistake("not_found", 2, new String[] {"resume", "--run-dir", dir.resolve("nope").toString(), "--json"}),
                new Mistake("not_found", 2, new String[] {"recover", "--run-dir", file.toString(), "--json"}),
                new Mistake("not_found", 2, new String[] {"replay", "discover/nope", "--config", config, "--json"}),
                new Mistake("not_found", 2, new String[] {"runs", "--config", config, "--run-id", "nope", "--json"}),
                new Mistake("usage", 2, new String[] {"runs", "--config", config, "--state", "bogus", "--json"}),
                new Mistake("usage", 2, new String[] {"status", "--bogus", "--json"}),
                new Mistake("usage", 2, new String[] {"validate", "--config", config, "--scope", "bogus", "--json"}),
                new Mistake("usage", 2, new String[] {"run", "--config", config, "--host", "nope", "--benchmarks", "system-info", "--json"}),
                new Mistake("config", 2, new String[] {"validate", "--config", dir.resolve("missing.toml").toString(), "--json"}),
                new Mistake("config", 2, new String[] {"validate", "--config", broken.toString(), "--json"}),
                new Mistake("config", 2, new String[] {"runs", "--config", wrongType.toString(), "--json"}));
        for (Mistake m : mistakes) {
            Cli.Result r = Cli.run(m.args());
            JsonNode doc = Schemas.assertResult(r);
            assertThat(r.exit()).as(r.toString()).isEqualTo(m.exit());
            assertThat(doc.path("error").path("kind").asText()).as(String.join(" ", m.args()) + "\n" + r).isEqualTo(m.kind());
            assertThat(doc.path("error").path("message").asText()).isNotBlank();
        }
        // the console and JMX list the work root's runs, also those a controller before this process ran
        RunStore.forgetAll();
        assertThat(new org.sth.automation.observe.RunsView(new org.sth.automation.observe.RunsIndex(work.resolve("requests"))).lines())
                .anySatisfy(l -> assertThat(l).startsWith(run.getParent().getFileName() + "-" + run.getFileName() + " state=completed"));
    }

    /** payload_sha256 is reproduced from the text alone: the recipe docs/run-directory.md gives, run as written. */
    private static void payloadDigestFromTheDocs(Path run) throws Exception {
        String recipe = Files.readAllLines(Path.of("docs/run-directory.md")).stream().filter(l -> l.startsWith("python3 -c 'import hashlib"))
                .findFirst().orElseThrow();
        JsonNode target = Json.read(run.resolve("publish_ledger.json")).path("targets").path("system-info");
        Path payload = run.resolve("publish-staging/system-info").resolve(target.path("payload_path").asText());
        Shell.Result r = Shell.run(recipe, payload);
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out().strip()).isEqualTo(target.path("payload_sha256").asText());
    }

    /** A command line run by bash, as an operator pastes it (the launcher starts its own JVM). */
    static final class Shell {

        record Result(int exit, String out) {
        }

        static Result run(String commandLine, Path cwd) throws IOException, InterruptedException {
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", commandLine).directory(cwd.toFile()).redirectErrorStream(true);
            pb.environment().put("STH_JAVA_OPTS", org.sth.automation.Cli.launcherOptions());
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(240, TimeUnit.SECONDS)).as(commandLine).isTrue();
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        }

        static List<String> lines(String text) {
            return text.lines().toList();
        }
    }

    @Test
    void legacyRunDirectoriesAreBackfilledIntoDocumentsThatFollowTheSchemas(@TempDir Path tmp) throws IOException, URISyntaxException {
        for (String fixture : List.of("legacy/demo-stripped/automation-runs/2026-12-02/demo-local/20261202T045838Z",
                "legacy/original-layout/automation-runs/2026-04-25/evo-x2/20260425T212324Z")) {
            // given a run directory of an older version, or of the original tool
            RunStore.forgetAll();
            Path run = install(fixture, tmp);

            // when an agent asks for its status
            Cli.Result status = Cli.run("status", "--run-dir", run.toString(), "--json");

            // then the answer and every document of the backfilled directory follow their schemas
            JsonNode doc = Schemas.assertResult(status);
            assertThat(doc.path("status").path("backfill").path("restored").toString()).contains("run_manifest.json");
            Schemas.assertRunDirectory(run, false);
        }
    }

    private static Path install(String fixture, Path tmp) throws IOException, URISyntaxException {
        Path from = Path.of(ContractIT.class.getResource("/" + fixture).toURI());
        Path to = tmp.resolve(fixture);
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    static {
        // the recommended commands start with this checkout's launcher (the packaged jar runs them)
        assertThat(StatusDerivation.LAUNCHER).endsWith("bin/sth-bench-automation");
    }
}
