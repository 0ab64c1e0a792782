package org.sth.automation.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sth.automation.run.status.Phase;

class StatusDerivationTest {

    @AfterEach
    void forget() {
        RunStore.forgetAll();
    }

    @ParameterizedTest
    @CsvSource({
        "interrupted, run_interrupted, resume --run-dir",
        "recovery, phase_in_recovery, replay /x/recovery/discover/r.json",
        "completed_with_failures, steps_failed, recover --run-dir",
        "failed, run_failed, recover --run-dir"})
    void eachOutcomeHasItsPrimaryAlertAndNextCommand(String state, String kind, String command, @TempDir Path dir) {
        // given
        RunStore store = RunStore.create(dir.resolve("run"), RunStoreTest.plan(dir), Duration.ofSeconds(5));
        ObjectNode s = store.statusSnapshot();
        s.put("state", state).put("phase", "discover");
        s.putObject("last_error").put("message", "boom").put("replay_command", "bin/sth-bench-automation replay /x/recovery/discover/r.json")
                .put("recovery_message", "/x/recovery/discover/r.json");

        // when
        StatusDerivation.apply(s, store.layout(), Instant.now());

        // then
        assertThat(s.path("alerts").path("primary").path("kind").asText()).isEqualTo(kind);
        assertThat(s.path("next_commands").toString()).contains(command);
        s.path("next_paths").forEach(p -> assertThat(Path.of(p.asText())).exists());
        assertThat(s.path("next_path").asText()).isNotEmpty();
    }

    @Test
    void aRunningPhaseWithoutFreshHeartbeatIsStalled(@TempDir Path dir) {
        // given a running phase whose last heartbeat is 10 intervals old
        RunStore store = RunStore.create(dir.resolve("run"), RunStoreTest.plan(dir), Duration.ofSeconds(5));
        store.phaseEntered(Phase.EXECUTE, 1);
        store.heartbeat("system-info", Phase.EXECUTE, null);
        ObjectNode s = store.statusSnapshot();

        // when
        StatusDerivation.apply(s, store.layout(), Instant.now().plusSeconds(50));

        // then
        assertThat(s.path("monitoring").path("state").asText()).isEqualTo("stalled");
        assertThat(s.path("monitoring").path("summary").asText()).startsWith("Attention: stalled");
        assertThat(s.path("alerts").path("stalled_phases").get(0).asText()).isEqualTo("execute");
        assertThat(s.path("alerts").path("primary").path("kind").asText()).isEqualTo("phase_stalled");
        assertThat(s.path("next_diagnostic_command").asText()).contains("--scope connectivity");

        // and fresh just after the heartbeat
        StatusDerivation.apply(s, store.layout(), Instant.now());
        assertThat(s.path("monitoring").path("state").asText()).isEqualTo("running");
    }

    @Test
    void warningsCarryTheirInstallCommands(@TempDir Path dir) {
        RunStore store = RunStore.create(dir.resolve("run"), RunStoreTest.plan(dir), Duration.ofSeconds(5));
        store.warning("preflight_system-info", "lstopo missing", "sudo apt-get install -y hwloc-nox");
        ObjectNode s = store.statusSnapshot();
        assertThat(s.path("next_install_command").asText()).isEqualTo("sudo apt-get install -y hwloc-nox");
        assertThat(s.path("alerts").path("warnings").get(0).path("message").asText()).isEqualTo("lstopo missing");
    }

    @Test
    void statusJsonCarriesWhatAnAgentNeedsToJudgeStalenessWithoutTheVerb(@TempDir Path dir) {
        // given a running phase that beat once, as a controller that then died left status.json behind
        RunStore store = RunStore.create(dir.resolve("run"), RunStoreTest.plan(dir), Duration.ofSeconds(5));
        store.phaseEntered(Phase.EXECUTE, 1);
        store.heartbeat("system-info", Phase.EXECUTE, null);
        ObjectNode written = org.sth.automation.io.Json.readObject(store.layout().status());

        // when an agent reads the file alone
        com.fasterxml.jackson.databind.JsonNode mon = written.path("monitoring");

        // then it says running as of when it was written, and after which instant that no longer holds
        Instant beat = Instant.parse(written.path("heartbeat").path("at").asText());
        assertThat(mon.path("state").asText()).isEqualTo("running");
        assertThat(mon.path("heartbeat_interval_secs").asLong()).isEqualTo(5);
        assertThat(Instant.parse(mon.path("stale_after").asText())).isEqualTo(beat.plusSeconds(15));
        assertThat(Instant.parse(mon.path("derived_at").asText())).isAfterOrEqualTo(beat);
        assertThat(written.path("request_id").asText()).isEqualTo("req");
        // and the status verb, past that instant, calls it stalled
        ObjectNode later = store.statusSnapshot();
        StatusDerivation.apply(later, store.layout(), beat.plusSeconds(16));
        assertThat(later.path("monitoring").path("state").asText()).isEqualTo("stalled");
    }
}
