package org.sth.automation.engine.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
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
import org.sth.automation.run.RunStore;
import org.sth.automation.transport.SecretSource;

/**
 * Tried as an operator: a request written in two chunks (an editor, scp) was taken half-written and rejected; a
 * resubmitted request_id with other hosts was silently ignored. Now the first is taken whole, the second is refused
 * naming both requests.
 */
class InboxIT {

    @BeforeAll
    static void settleLonger() {
        Cli.fastRoutes();
        // long enough that the second chunk always lands while the first is still settling
        System.setProperty("sth.inbox.settle", "3000");
    }

    @AfterAll
    static void restore() {
        System.setProperty("sth.inbox.settle", "300");
        RunStore.forgetAll();
    }

    @Test
    void aRequestWrittenInTwoChunksIsTakenWholeAndAReusedRequestIdWithOtherHostsIsRefused(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, "\n[[hosts]]\nname = \"demo-two\"\nhostname = \"127.0.0.1\"\n"
                + "port = 1\nauth_ref = \"demo_key\"\n")) {
            AutomationConfig cfg = ConfigLoader.load(env.config());
            WorkDirs dirs = new WorkDirs(cfg.paths().workRoot().toAbsolutePath());
            try (Engine engine = Engine.standard(SecretSource.ENVIRONMENT); Controller controller = Controller.start(cfg, engine, true)) {
                // given the first chunk of a request is in the inbox, and the controller has polled it a few times
                Path request = dirs.inbox().resolve("campaign.toml");
                Files.createDirectories(dirs.inbox());
                Files.writeString(request, "request_id = \"chunked-1\"\nhosts = [\"demo-local\"]\n");
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> Files.exists(request));

                // when the second chunk arrives
                Files.writeString(request, "benchmarks = [\"preflight\"]\n", StandardOpenOption.APPEND);

                // then the whole request is accepted, nothing rejected
                Path record = dirs.requests().resolve("chunked-1.json");
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(record) || Files.exists(dirs.rejected().resolve("campaign.toml.error.txt")));
                assertThat(dirs.rejected().resolve("campaign.toml.error.txt")).doesNotExist();
                assertThat(Json.readObject(record).path("benchmarks").toString()).contains("preflight");

                // when the same request_id comes again asking for another host
                AtomicFiles.write(dirs.inbox().resolve("again.toml"), "request_id = \"chunked-1\"\nhosts = [\"demo-two\"]\nbenchmarks = [\"preflight\"]\n");

                // then it is refused, naming both requests
                Path error = dirs.rejected().resolve("again.toml.error.txt");
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(error));
                assertThat(Files.readString(error)).contains("request_id", "'chunked-1' was already accepted from campaign.toml",
                        "[demo-local]", "again.toml asks for hosts [demo-two]", "new request_id");
                assertThat(Json.readObject(record).path("runs")).hasSize(1);

                // and the identical request again is the same request: accepted, nothing run twice
                AtomicFiles.write(dirs.inbox().resolve("same.toml"), "request_id = \"chunked-1\"\nhosts = [\"demo-local\"]\nbenchmarks = [\"preflight\"]\n");
                await().atMost(Duration.ofSeconds(60)).until(() -> !Files.exists(dirs.inbox().resolve("same.toml")));
                assertThat(dirs.rejected().resolve("same.toml.error.txt")).doesNotExist();
                assertThat(Json.readObject(record).path("runs")).hasSize(1);
            }
        }
    }

    @Test
    void aRequestRenamedIntoPlaceIsTakenAtOnceWhileOneWrittenInPlaceWaitsTheSettle(@TempDir Path dir) throws Exception {
        System.setProperty("sth.inbox.settle", "30000");
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            AutomationConfig cfg = ConfigLoader.load(env.config());
            WorkDirs dirs = new WorkDirs(cfg.paths().workRoot().toAbsolutePath());
            try (Engine engine = Engine.standard(SecretSource.ENVIRONMENT); Controller controller = Controller.start(cfg, engine, true)) {
                // given a request written in place, still settling
                Files.createDirectories(dirs.inbox());
                Files.writeString(dirs.inbox().resolve("in-place.toml"), "request_id = \"in-place\"\nhosts = [\"demo-local\"]\nbenchmarks = [\"preflight\"]\n");

                // when, once the intake has seen that one, another is written under a dot name and renamed into place, as the
                // rule in docs/operations.md says
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> Files.exists(dirs.inbox().resolve("in-place.toml")));
                AtomicFiles.writeRenamedIntoPlace(dirs.inbox().resolve("renamed.toml"), "request_id = \"renamed\"\nhosts = [\"demo-local\"]\nbenchmarks = [\"preflight\"]\n");

                // then the renamed one is taken long before the 30 s settle, and without waiting behind the one written in
                // place (a poll that waited in it would hold it up to sth.inbox.timeout, 10 s), which is not taken
                await().atMost(Duration.ofSeconds(8)).until(() -> Files.exists(dirs.requests().resolve("renamed.json")));
                assertThat(dirs.requests().resolve("in-place.json")).doesNotExist();
                assertThat(dirs.inbox().resolve("in-place.toml")).exists();
            }
        } finally {
            System.setProperty("sth.inbox.settle", "3000");
        }
    }
}
