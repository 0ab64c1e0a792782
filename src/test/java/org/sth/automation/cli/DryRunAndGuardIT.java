package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.demo.DemoEnvironment;

/** {@code run --dry-run} changes nothing; hosts with a protected tag need explicit confirmation. */
class DryRunAndGuardIT {

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothing(@TempDir Path dir) {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            Cli.Result r = Cli.run("run", "--dry-run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "system-info");

            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).contains("Dry run", "hop demo-local: ", "key_file", "(readable)", "benchmark system-info",
                    "ceiling 3600 s", "bundle: system-info-wrapper (chosen by preflight's resolver");
            assertThat(dir.resolve("work")).doesNotExist();
            assertThat(dir.resolve("automation-runs")).doesNotExist();
            assertThat(env.server().connectionCount()).isZero();
        }
    }

    @Test
    void aSharedHostIsRefusedWithoutConfirmationAndRunsWithIt(@TempDir Path dir) {
        String shared = """
                [[hosts]]
                name = "shared-box"
                hostname = "127.0.0.1"
                port = %d
                username = "%s"
                tags = ["shared"]
                auth_ref = "demo_key"
                """;
        try (DemoEnvironment first = DemoEnvironment.start(dir.resolve("p"), 0, null)) {
            int port = first.server().port();
            first.close();
            try (DemoEnvironment env = DemoEnvironment.start(dir, port, shared.formatted(port, System.getProperty("user.name")))) {
                Cli.Result refused = Cli.run("run", "--config", env.config().toString(), "--host", "shared-box",
                        "--benchmarks", "system-info", "--timeout", "PT1M");
                assertThat(refused.exit()).isEqualTo(1);
                assertThat(refused.err()).contains("request rejected", "shared-box", "protected", "--allow-protected");
                assertThat(dir.resolve("automation-runs")).doesNotExist();

                Cli.Result confirmed = Cli.run("run", "--config", env.config().toString(), "--host", "shared-box",
                        "--benchmarks", "system-info", "--allow-protected", "--timeout", "PT3M");
                assertThat(confirmed.exit()).as(confirmed.toString()).isZero();
            }
        }
    }
}
