package org.sth.automation.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.Json;

/** The demo run through the CLI with a publish target: the result branch lands in a real bare remote. */
class PublishEndToEndIT {

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    private static Path withPublish(DemoEnvironment env, Path repo, String publishBody) throws Exception {
        Path cfg = env.config();
        String toml = Files.readString(cfg, StandardCharsets.UTF_8)
                .replaceFirst("\\[paths]\n", "[paths]\nsystem_info_repo = \"" + repo + "\"\n")
                + "\n[publish.system-info]\n" + publishBody + "\n";
        AtomicFiles.write(cfg, toml);
        return cfg;
    }

    @Test
    void aDemoRunWithPushLocalPushesTheVerifiedResultBranch(@TempDir Path dir) throws Exception {
        // given
        PublishFixture repos = new PublishFixture(dir.resolve("repos"));
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("demo"), 0, null)) {
            Path cfg = withPublish(env, repos.local, "push_local = true\nremote_url = \"" + repos.bareUrl() + "\"");
            Cli.Result validate = Cli.run("validate", "--config", cfg.toString(), "--scope", "publish");
            assertThat(validate.exit()).as(validate.toString()).isZero();
            JsonNode report = Json.parse(validate.out());
            JsonNode sysinfo = report.path("adapters").findParents("adapter").stream()
                    .filter(a -> a.path("adapter").asText().equals("system-info")).findFirst().orElseThrow();
            assertThat(sysinfo.path("target_key").asText()).isEqualTo("system-info");
            assertThat(sysinfo.path("remote_url").asText()).isEqualTo(repos.bareUrl());

            // when
            Cli.Result r = Cli.run("run", "--config", cfg.toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "system-info", "--timeout", "PT5M");

            // then
            assertThat(r.exit()).as(r.toString()).isZero();
            Path run = r.runDir();
            ObjectNode entry = (ObjectNode) Json.readObject(run.resolve("publish_ledger.json")).path("targets").path("system-info");
            assertThat(entry.path("state").asText()).isEqualTo("pr_ready");
            assertThat(entry.path("push_verified").asBoolean()).isTrue();
            String branch = "automation/" + DemoEnvironment.HOST + "/system-info/" + run.getFileName();
            assertThat(entry.path("branch").asText()).isEqualTo(branch);
            try (Git bare = Git.open(repos.bare.toFile())) {
                assertThat(bare.getRepository().resolve("refs/heads/" + branch).name()).isEqualTo(entry.path("commit").asText());
            }
            assertThat(Json.readObject(run.resolve("state/steps/system-info/publish.json")).path("outcome").asText()).isEqualTo("completed");
            assertThat(Files.readString(run.resolve("events.jsonl"))).contains("\"publish_pushed\"");
        }
    }

    @Test
    void aRemoteMismatchBlocksThePublishStepAndStatusShowsIt(@TempDir Path dir) throws Exception {
        // given
        PublishFixture repos = new PublishFixture(dir.resolve("repos"));
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("demo"), 0, null)) {
            Path cfg = withPublish(env, repos.local, "push_local = true\nremote_url = \"git@github.com:STH-Dev/STH-System-Info.git\"");
            Cli.Result validate = Cli.run("validate", "--config", cfg.toString(), "--scope", "publish");
            assertThat(validate.exit()).as(validate.toString()).isEqualTo(1);
            assertThat(validate.out()).contains("remote_mismatch");

            // when
            Cli.Result r = Cli.run("run", "--config", cfg.toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "system-info", "--timeout", "PT5M");

            // then
            Path run = r.runDir();
            ObjectNode step = Json.readObject(run.resolve("state/steps/system-info/publish.json"));
            assertThat(step.path("outcome").asText()).isEqualTo("blocked");
            assertThat(step.path("details").path("reason").asText()).isEqualTo("remote_mismatch");
            Cli.Result status = Cli.run("status", "--run-dir", run.toString(), "--json");
            JsonNode blocked = Json.parse(status.out()).path("status").path("alerts").path("blocked_publish");
            assertThat(blocked).hasSize(1);
            assertThat(blocked.get(0).path("adapter").asText()).isEqualTo("system-info");
            try (Git bare = Git.open(repos.bare.toFile())) {
                assertThat(bare.getRepository().getRefDatabase().getRefsByPrefix("refs/heads/"))
                        .extracting(ref -> ref.getName()).containsExactly("refs/heads/main");
            }
        }
    }
}
