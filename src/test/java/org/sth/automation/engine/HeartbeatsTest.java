package org.sth.automation.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.adapter.spi.StepResult;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.io.Json;
import org.sth.automation.run.RunPlan;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.StatusDerivation;
import org.sth.automation.run.status.Phase;
import org.sth.automation.transport.SecretSource;

/**
 * Tried as an operator: finalize's cleanup (14 s without a heartbeat) was reported stalled. Every step of every phase
 * now beats, host steps (discover, finalize) included, with the time it has run.
 */
class HeartbeatsTest {

    @AfterEach
    void forget() {
        RunStore.forgetAll();
    }

    @Test
    void aLongFinalizeStepBeatsAndIsNeverStalled(@TempDir Path dir) {
        // given a run (heartbeat every second) in finalize
        AutomationConfig cfg = ConfigLoader.parse("""
                [execution]
                heartbeat_secs = 1

                [[hosts]]
                name = "h1"
                auth_ref = "k"

                [auth_refs.k]
                type = "key_file"
                value = "id"
                """, "t.toml", dir);
        RunPlan plan = new RunPlan("h1-1", "r", "h1", List.of("system-info"), dir.resolve("t.toml").toString(), dir.resolve("work").toString(),
                Instant.now());
        RunStore store = RunStore.create(dir.resolve("run"), plan, Duration.ofSeconds(1));
        store.phaseEntered(Phase.FINALIZE, 1);
        Engine engine = new Engine((c, h) -> {
            throw new AssertionError("no connection in this test");
        }, SecretSource.ENVIRONMENT);
        RunContext ctx = new RunContext(engine, store, plan, cfg, cfg.hosts().get(0), 1, Adapters.registry(cfg));

        // when its step takes longer than three heartbeat intervals
        engine.runStep(ctx, "host", Phase.FINALIZE, () -> {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(store.layout().events()).split("\"heartbeat\"", -1).length > 4);
            var s = store.statusSnapshot();
            StatusDerivation.apply(s, store.layout(), Instant.now());
            assertThat(s.path("monitoring").path("state").asText()).isEqualTo("running");
            return StepResult.completed(Json.object());
        });

        // then the beats name the phase and how long the step has run
        String events = Files.exists(store.layout().events()) ? read(store.layout().events()) : "";
        assertThat(events).contains("\"event\":\"heartbeat\",\"adapter\":\"host\",\"phase\":\"finalize\"", "\"elapsed_secs\":3");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
