package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.Json;

/** The engine, not the benchmark, enforces the ceiling: a never-ending step is terminated with nothing left behind. */
class CeilingIT {

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    @Test
    void aStepPastItsCeilingIsTerminatedWithinCeilingPlusGraceAndLeavesNoProcess(@TempDir Path dir) {
        String ceiling = """
                [execution.max_execution_secs_per_adapter]
                bounds-probe = 3
                """;
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // the demo config has an [execution] table; append the per-adapter ceiling to it
            org.sth.automation.io.AtomicFiles.write(env.config(), RunDirectoryText.read(env.config()) + "\n" + ceiling);

            // when
            Cli.Result r = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "bounds-probe", "--timeout", "PT3M");

            // then the run ends (not hangs), with the step terminated and nothing left on the host
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).contains("execute bounds-probe: terminated", "run completed_with_failures");
            ObjectNode step = Json.readObject(r.runDir().resolve("state/steps/bounds-probe/execute.json"));
            assertThat(step.path("outcome").asText()).isEqualTo("terminated");
            assertThat(step.path("details").path("ceiling_secs").asInt()).isEqualTo(3);
            assertThat(step.path("details").path("elapsed_secs").asDouble()).isBetween(3.0, 3.0 + 5.0 + 2.0);
            assertThat(step.path("details").path("remote_leftovers").asInt()).isZero();
            ObjectNode status = Json.readObject(r.runDir().resolve("status.json"));
            assertThat(status.path("alerts").path("failed_steps").toString()).contains("terminated");
            assertThat(status.path("next_commands").toString()).contains("resume --run-dir");
        }
    }

    /** Tiny file helper so the test reads as prose. */
    static final class RunDirectoryText {
        static String read(Path p) {
            return org.sth.automation.RunDirectoryAssertions.read(p);
        }
    }
}
