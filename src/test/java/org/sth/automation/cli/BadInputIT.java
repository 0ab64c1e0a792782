package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.Json;
import org.sth.automation.phase.Controller;
import org.sth.automation.transport.SecretSource;

/** Bad input gets a clear message and exit code, and no other work is lost. */
class BadInputIT {

    private static final String MISSING_ENV = "STH_TEST_SURELY_UNSET_PASSWORD_4711";

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    @Test
    void malformedConfigIsAUsageErrorNamingFileAndLine(@TempDir Path dir) throws Exception {
        // given
        Path bad = dir.resolve("bad.toml");
        Files.writeString(bad, "[[hosts]]\nname = \"a\"\nport = \n");

        // when
        Cli.Result validate = Cli.run("validate", "--config", bad.toString(), "--scope", "config");
        Cli.Result run = Cli.run("run", "--config", bad.toString(), "--host", "a", "--benchmarks", "system-info");

        // then
        assertThat(validate.exit()).isEqualTo(2);
        assertThat(validate.err()).contains("bad.toml", "line 3");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("bad.toml");
    }

    @Test
    void unknownHostAndUnknownBenchmarkAreUsageErrorsListingWhatExists(@TempDir Path dir) {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            Cli.Result host = Cli.run("run", "--config", env.config().toString(), "--host", "nope", "--benchmarks", "system-info");
            Cli.Result bench = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST, "--benchmarks", "nope");

            assertThat(host.exit()).isEqualTo(2);
            assertThat(host.err()).contains("Unknown host 'nope'", "demo-local");
            assertThat(bench.exit()).isEqualTo(2);
            assertThat(bench.err()).contains("Unknown benchmark 'nope'", "system-info");
            assertThat(dir.resolve("work/inbox")).doesNotExist();
        }
    }

    @Test
    void missingPasswordEnvFailsOnlyThatHostAndNamesTheVariable(@TempDir Path dir) {
        // given a second host that authenticates with a password from an unset variable
        String extra = """
                [auth_refs.pw]
                type = "password_env"
                value = "%s"

                [[hosts]]
                name = "pw-host"
                hostname = "127.0.0.1"
                port = %%d
                username = "tester"
                auth_ref = "pw"
                """.formatted(MISSING_ENV);
        try (DemoEnvironment probe = DemoEnvironment.start(dir.resolve("probe"), 0, null)) {
            int port = probe.server().port();
            probe.close();
            try (DemoEnvironment env = DemoEnvironment.start(dir, port, extra.formatted(port))) {
                // when both hosts are asked for in one run
                Cli.Result r = Cli.run("run", "--config", env.config().toString(), "--host", "demo-local,pw-host",
                        "--benchmarks", "system-info", "--timeout", "PT3M");
                Cli.Result validate = Cli.run("validate", "--config", env.config().toString());

                // then only pw-host fails, naming the variable, and demo-local completes
                assertThat(r.exit()).as(r.toString()).isEqualTo(1);
                assertThat(r.out()).contains("[demo-local] run completed", "Result: recovery");
                Path recovery = dir.resolve("work/recovery/discover");
                try (Stream<Path> s = Files.list(recovery)) {
                    Path sidecar = s.filter(p -> p.toString().endsWith(".error.json")).findFirst().orElseThrow();
                    ObjectNode error = Json.readObject(sidecar);
                    assertThat(error.path("host").asText()).isEqualTo("pw-host");
                    assertThat(error.path("error").asText()).contains("missing_secret_env", MISSING_ENV);
                }
                assertThat(validate.out()).contains("password_env " + MISSING_ENV + " (NOT SET)");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void serveRejectsMalformedRequestsAndSpoolFilesWhileGoodWorkCompletes(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            AutomationConfig cfg = ConfigLoader.load(env.config());
            WorkDirs dirs = new WorkDirs(cfg.paths().workRoot());
            try (Engine engine = Engine.standard(SecretSource.ENVIRONMENT); Controller ignored = Controller.start(cfg, engine, true)) {
                // given a truncated JSON request, a request for an unknown host, a torn spool message and a good request
                AtomicFiles.write(dirs.inbox().resolve("broken.json"), "{\"hosts\": [\"demo-local\"");
                AtomicFiles.write(dirs.inbox().resolve("bad-host.toml"), "hosts = [\"nope\"]\nbenchmarks = [\"system-info\"]\n");
                AtomicFiles.write(dirs.spool(org.sth.automation.run.status.Phase.DISCOVER).resolve("torn.json"), "{\"run_id\": \"x\", \"run_di");
                AtomicFiles.write(dirs.inbox().resolve("good.toml"),
                        "request_id = \"good-1\"\nhosts = [\"demo-local\"]\nbenchmarks = [\"system-info\"]\n");

                // then the bad ones are set aside with their reasons
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(dirs.rejected().resolve("broken.json.error.txt"))
                        && Files.exists(dirs.rejected().resolve("bad-host.toml.error.txt"))
                        && Files.exists(dirs.recovery(org.sth.automation.run.status.Phase.DISCOVER).resolve("torn.error.json")));
                assertThat(dirs.rejected().resolve("broken.json.error.txt")).content().contains("broken.json", "invalid or truncated JSON");
                assertThat(dirs.rejected().resolve("bad-host.toml.error.txt")).content().contains("Unknown host 'nope'", "demo-local");
                assertThat(dirs.rejected().resolve("broken.json")).content().isEqualTo("{\"hosts\": [\"demo-local\"");
                assertThat(Json.readObject(dirs.recovery(org.sth.automation.run.status.Phase.DISCOVER).resolve("torn.error.json"))
                        .path("error").asText()).contains("torn.json", "invalid or truncated JSON");

                // and the good request runs to completion
                Path record = dirs.requests().resolve("good-1.json");
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(record));
                Path run = Path.of(Json.readObject(record).path("runs").get(0).path("run_dir").asText());
                await().atMost(Duration.ofMinutes(3)).until(() -> Files.exists(run.resolve("status.json"))
                        && "completed".equals(Json.readObject(run.resolve("status.json")).path("state").asText()));
                assertThat(dirs.inbox()).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".toml")
                        || p.getFileName().toString().endsWith(".json"));
            }
        }
    }
}
