package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.OpenSshd;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.Json;

/**
 * The run page in a real browser: Debian's headless Chromium against a serving daemon, after a campaign of two hosts
 * (system-info and latency). The page shows each host's phase timeline (every phase a bar, heartbeats as ticks), the
 * latency heatmap and the hosts' system-info side by side; screenshots land in {@code target/screenshots/}.
 */
class RunPageChromiumIT {

    private static final Path SAMPLE = Path.of("src/test/resources/realdata/04-core-to-core-latency/results_Intel_Core_i9-12900K.csv");
    private static final Path SHOTS = Path.of("target/screenshots");

    @Test
    void theRunPageShowsTheTimelineHeatmapAndSystemInfoInARealBrowser(@TempDir Path dir) throws Exception {
        // given a host whose core-to-core-latency prints a recorded result, reachable as two hosts
        Path bin = dir.resolve("host-bin");
        Files.createDirectories(bin);
        Path tool = bin.resolve("core-to-core-latency");
        Files.writeString(tool, "#!/bin/sh\ncat '" + SAMPLE.toAbsolutePath() + "'\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port = OpenSshd.freePort();
        Files.createDirectories(SHOTS);
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("demo"), 0, null, o -> o.withPathPrefix(bin))) {
            int sshPort = env.server().port();
            Files.writeString(env.config(), Files.readString(env.config()) + "\n[[hosts]]\nname = \"demo-two\"\nhostname = \"127.0.0.1\"\nport = "
                    + sshPort + "\nusername = \"" + System.getProperty("user.name") + "\"\nauth_ref = \"demo_key\"\n");
            Process serve = Cli.controller(dir.resolve("serve.log"), "serve", "--config", env.config().toString(),
                    "--http-port", Integer.toString(port)).start();
            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                        .until(() -> Http.get(port, "/observe/health").code() == 200);
                AtomicFiles.write(dir.resolve("demo/work/inbox/campaign.toml"),
                        "request_id = \"page-1\"\nhosts = [\"demo-local\", \"demo-two\"]\nbenchmarks = [\"system-info\", \"latency\"]\n");
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(dir.resolve("demo/work/requests/page-1.json")));
                var runs = Json.readObject(dir.resolve("demo/work/requests/page-1.json")).path("runs");
                String runId = runs.get(0).path("run_id").asText();
                await().atMost(Duration.ofSeconds(420)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> Http.get(port, "/api/runs?request_id=page-1").body(), b -> b.split("\"state\" : \"completed\"", -1).length == 3);

                // when a person opens the run page in a browser
                Path profile = dir.resolve("chromium-profile");
                String dom = Chromium.run(profile, "--dump-dom", "http://127.0.0.1:" + port + "/runs/" + runId);
                Chromium.run(dir.resolve("chromium-profile-2"), "--screenshot=" + SHOTS.resolve("run-page.png").toAbsolutePath(),
                        "http://127.0.0.1:" + port + "/runs/" + runId);
                Chromium.run(dir.resolve("chromium-profile-3"), "--screenshot=" + SHOTS.resolve("runs-list.png").toAbsolutePath(),
                        "http://127.0.0.1:" + port + "/?request_id=page-1");

                // then the timeline shows every phase of each host's run, with heartbeats as ticks
                for (String host : new String[] {"demo-local", "demo-two"}) {
                    String group = dom.substring(dom.indexOf("data-host=\"" + host + "\""));
                    group = group.substring(0, group.indexOf("</g>"));
                    for (String phase : new String[] {"discover", "preflight", "stage", "execute", "collect", "publish", "finalize"}) {
                        assertThat(group).as(host + " " + phase).contains("data-phase=\"" + phase + "\" data-outcome=\"completed\"");
                    }
                    assertThat(group).contains("class=\"beat\"");
                }
                // the latency heatmap of each host, and the hosts' system info side by side, each value linked to its run
                assertThat(dom).contains("Core-to-core latency: demo-local", "Core-to-core latency: demo-two", "/latency-heatmap.svg");
                assertThat(Http.get(port, "/api/runs/" + runId + "/latency-heatmap.svg").body()).contains("24 CPUs, 276 pairs measured");
                assertThat(dom).contains("<table class=\"sysinfo\"", "Cores / threads", "Kernel", "href=\"/runs/" + runs.get(1).path("run_id").asText());
                assertThat(dom).contains("Next", "Review the results under");
                assertThat(SHOTS.resolve("run-page.png")).isNotEmptyFile();
                assertThat(SHOTS.resolve("runs-list.png")).isNotEmptyFile();
            } finally {
                serve.destroy();
                serve.waitFor(60, TimeUnit.SECONDS);
            }
        }
    }
}
