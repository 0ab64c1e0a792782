package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.Json;
import org.sth.automation.run.RunPlan;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.StatusDerivation;
import org.sth.automation.run.status.Phase;

/**
 * Finding 3 of issue 13, from its reproductions: a run whose publish is blocked gets {@code validate --scope publish}
 * and the exact repo-local {@code git} commands (not the connectivity check), every command and path comes with its
 * hint, and a stalled run says "Attention: stalled" once, with per-phase heartbeat and attention fields, and its
 * recovery summary says so with its alerts.
 */
class HandOffIT {

    private static final String LAUNCHER = StatusDerivation.LAUNCHER;

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    @Test
    void aBlockedPublishGetsTheScopedValidateAndTheRepoLocalGitCommands(@TempDir Path dir) throws Exception {
        // given a results clone whose origin is not the URL the publish target expects (a real bare repository)
        Path bare = dir.resolve("remote/STH-System-Info.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        Path clone = dir.resolve("STH-System-Info");
        try (Git g = Git.init().setInitialBranch("main").setDirectory(clone.toFile()).call()) {
            AtomicFiles.write(clone.resolve("README.md"), "# results\n");
            g.add().addFilepattern("README.md").call();
            g.commit().setMessage("Initial").setAuthor("seed", "seed@localhost").setCommitter("seed", "seed@localhost").setSign(false).call();
            g.remoteAdd().setName("origin").setUri(new org.eclipse.jgit.transport.URIish(bare.toUri().toString())).call();
        }
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("demo"), 0, null)) {
            Path cfg = env.config();
            AtomicFiles.write(cfg, Files.readString(cfg, StandardCharsets.UTF_8)
                    .replaceFirst("\\[paths]\n", "[paths]\nsystem_info_repo = \"" + clone + "\"\n")
                    + "\n[publish.system-info]\npush_local = true\nremote_url = \"git@github.com:STH-Dev/STH-System-Info.git\"\n");

            // when
            Cli.Result run = Cli.run("run", "--config", cfg.toString(), "--host", DemoEnvironment.HOST, "--benchmarks", "system-info",
                    "--timeout", "PT5M");
            Path runDir = run.runDir();
            Cli.Result json = Cli.run("status", "--run-dir", runDir.toString(), "--json");
            Cli.Result text = Cli.run("status", "--run-dir", runDir.toString());
            Cli.Result recover = Cli.run("recover", "--run-dir", runDir.toString());

            // then the publish problem is named and checked where it is, not on the SSH hops
            JsonNode s = Json.parse(json.out()).path("status");
            assertThat(s.path("state").asText()).as(run.toString()).isEqualTo("completed_with_failures");
            assertThat(s.path("alerts").path("blocked_publish").get(0).path("publish_state").asText()).isEqualTo("remote_mismatch");
            String branch = "automation/" + DemoEnvironment.HOST + "/system-info/" + runDir.getFileName();
            assertThat(s.path("next_command").asText()).isEqualTo(LAUNCHER + " validate --config " + cfg
                    + " --scope publish --benchmarks system-info");
            assertThat(strings(s.path("next_commands"))).contains(LAUNCHER + " resume --run-dir " + runDir);
            assertThat(strings(s.path("next_diagnostic_commands"))).containsExactly(
                    "git -C " + clone + " remote -v",
                    "git -C " + clone + " remote get-url origin",
                    "git -C " + clone + " log --oneline -1 " + branch);
            assertThat(s.path("next_diagnostic_commands").toString()).doesNotContain("--scope connectivity");
            // every command and path has its hint
            List<String> hinted = strings(s.path("command_hints").findValues("command"));
            assertThat(hinted).containsAll(strings(s.path("next_commands"))).containsAll(strings(s.path("next_diagnostic_commands")));
            s.path("command_hints").forEach(h -> assertThat(h.path("hint").asText()).as(h.toString()).isNotBlank());
            assertThat(strings(s.path("path_hints").findValues("path"))).isEqualTo(strings(s.path("next_paths")));
            // the step that failed and the publish ledger come before the generic ledgers, and every path exists
            List<String> paths = strings(s.path("next_paths"));
            assertThat(paths.get(0)).isEqualTo(runDir.resolve("state/steps/system-info/publish.json").toString());
            assertThat(paths.indexOf(runDir.resolve("publish_ledger.json").toString()))
                    .isPositive().isLessThan(paths.indexOf(runDir.resolve("command_ledger.jsonl").toString()));
            paths.forEach(p -> assertThat(Path.of(p)).isNotEmptyFile());
            // and the same blocks in the text status and the recovery summary
            assertThat(text.out()).contains("Publish:   system-info remote_mismatch", "  diagnose: git -C " + clone + " remote -v   # ");
            String md = Files.readString(runDir.resolve("recovery_summary.md"));
            assertThat(recover.out()).isEqualTo(md + "Written: " + runDir.resolve("recovery_summary.md") + "\n");
            assertThat(md).contains("## Attention", "- Publish system-info: remote_mismatch", "### Diagnostics",
                    "- `git -C " + clone + " remote -v`: system-info: the remotes of the clone (publish: remote_mismatch)",
                    "- `" + LAUNCHER + " validate --config " + cfg + " --scope publish --benchmarks system-info`: checks the results clone");
        }
    }

    @Test
    void aStalledRunSaysSoOnceWithPerPhaseHeartbeatsAndItsSummaryCarriesTheAlerts(@TempDir Path dir) {
        // given a run in execute whose controller stopped beating (interval 1 s)
        RunPlan plan = new RunPlan("stall-20260425T212324Z", null, "stall", List.of("system-info"), dir.resolve("lab.toml").toString(),
                dir.resolve("work").toString(), Instant.now());
        RunStore store = RunStore.create(dir.resolve("runs/stall"), plan, Duration.ofSeconds(1));
        store.phaseEntered(Phase.DISCOVER, 1);
        store.phaseLeft(Phase.DISCOVER, org.sth.automation.run.status.PhaseState.COMPLETED, null);
        store.phaseEntered(Phase.EXECUTE, 1);
        store.stepStarted("system-info", Phase.EXECUTE);
        store.heartbeat("system-info", Phase.EXECUTE, null);
        Path run = store.layout().dir();

        // when
        String out = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> Cli.run("status", "--run-dir", run.toString()).out(), o -> o.contains("Attention: stalled"));
        JsonNode s = Json.parse(Cli.run("status", "--run-dir", run.toString(), "--json").out()).path("status");
        Cli.Result recover = Cli.run("recover", "--run-dir", run.toString());

        // then
        assertThat(out).doesNotContain("Attention: stalled: Attention: stalled");
        assertThat(out.split("Attention: stalled", -1)).hasSize(2);
        JsonNode execute = s.path("monitoring").path("phases").path("execute");
        assertThat(execute.path("attention").asText()).isEqualTo("stalled");
        assertThat(execute.path("heartbeat_at").asText()).isEqualTo(s.path("heartbeat").path("at").asText());
        assertThat(execute.path("heartbeat_age_secs").asLong()).isGreaterThan(3);
        assertThat(execute.path("heartbeat_fresh").asBoolean()).isFalse();
        assertThat(s.path("monitoring").path("phases").path("discover").path("attention").isNull()).isTrue();
        assertThat(s.path("monitoring").path("phases").path("discover").path("heartbeat_age_secs").isNull()).isTrue();
        assertThat(recover.exit()).isZero();
        String md = recover.out();
        assertThat(md).contains("## Attention", "- Attention: stalled: phase execute has shown no heartbeat",
                "- Alert [warning] phase_stalled", "  - recommended: Check that the controller process is alive",
                "- Phase execute: stalled", "| execute | running | 1 | ", "stalled: no heartbeat for ");
        assertThat(md).contains("### Diagnostics", "--scope connectivity`: checks every hop of stall");
    }

    private static List<String> strings(Iterable<JsonNode> nodes) {
        List<String> out = new ArrayList<>();
        nodes.forEach(n -> out.add(n.asText()));
        return out;
    }
}
