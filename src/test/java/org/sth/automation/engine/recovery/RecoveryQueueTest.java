package org.sth.automation.engine.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.AutomationException;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.io.Json;
import org.sth.automation.run.status.Phase;

/** The sidecar tells the truth across replays (true attempts, the first failure), and agents can list and find messages. */
class RecoveryQueueTest {

    private static byte[] message(Path dir, String runId, Phase phase) {
        return new PhaseMessage(runId, dir.resolve("run"), "h1", phase, 1, Instant.now()).toJsonText().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theFirstFailureAndTheReplaysSurviveAReplay(@TempDir Path dir) throws Exception {
        // given a message that failed after 2 redeliveries, was replayed, and failed again
        WorkDirs dirs = new WorkDirs(dir.resolve("work"));
        RecoveryQueue q = new RecoveryQueue(dirs);
        Path parked = q.store(Phase.EXECUTE, "h1-1.json", message(dir, "h1-1", Phase.EXECUTE), new RuntimeException("boom"),
                new RecoveryQueue.Failure("h1-1", "h1", "latency", "latency/execute", 1, 2, 0));
        String first = Json.readObject(RecoveryQueue.sidecar(parked)).path("first_failed_at").asText();
        RecoveryQueue.replay(parked);

        // when
        q.store(Phase.EXECUTE, "h1-1.json", message(dir, "h1-1", Phase.EXECUTE), new RuntimeException("boom again"),
                new RecoveryQueue.Failure("h1-1", "h1", "latency", "latency/execute", 1, 0, 3));

        // then
        ObjectNode sidecar = Json.readObject(RecoveryQueue.sidecar(parked));
        assertThat(sidecar.path("first_failed_at").asText()).isEqualTo(first);
        assertThat(Instant.parse(sidecar.path("failed_at").asText())).isAfterOrEqualTo(Instant.parse(first));
        assertThat(sidecar.path("replays").asInt()).isEqualTo(1);
        assertThat(sidecar.path("attempts").asInt()).isEqualTo(1);
        assertThat(sidecar.path("connection_attempts").asInt()).isEqualTo(3);
        assertThat(sidecar.path("error").asText()).isEqualTo("boom again");
    }

    @Test
    void trueAttemptsAreTheFirstDeliveryPlusRedeliveries(@TempDir Path dir) {
        RecoveryQueue q = new RecoveryQueue(new WorkDirs(dir.resolve("work")));
        Path parked = q.store(Phase.DISCOVER, "h1-2.json", message(dir, "h1-2", Phase.DISCOVER), new RuntimeException("x"),
                new RecoveryQueue.Failure("h1-2", "h1", null, "host/discover", 1, 2, 0));
        ObjectNode sidecar = Json.readObject(RecoveryQueue.sidecar(parked));
        assertThat(sidecar.path("redeliveries").asInt()).isEqualTo(2);
        assertThat(sidecar.path("attempts").asInt()).isEqualTo(3);
    }

    @Test
    void everyParkedMessageIsListedAndFoundByIdRunIdOrPath(@TempDir Path dir) {
        // given two parked messages in two phases
        RecoveryQueue q = new RecoveryQueue(new WorkDirs(dir.resolve("work")));
        Path a = q.store(Phase.DISCOVER, "h1-1.json", message(dir, "h1-1", Phase.DISCOVER), new RuntimeException("unreachable"),
                new RecoveryQueue.Failure("h1-1", "h1", null, null, 1, 0, 2));
        Path b = q.store(Phase.EXECUTE, "h2-1.json", message(dir, "h2-1", Phase.EXECUTE), new RuntimeException("no space"),
                new RecoveryQueue.Failure("h2-1", "h2", "latency", null, 1, 1, 0));

        // then
        assertThat(q.list()).extracting(RecoveryQueue.Entry::id).containsExactly("discover/h1-1", "execute/h2-1");
        assertThat(q.list().get(1).toJson().path("error").asText()).isEqualTo("no space");
        assertThat(q.list().get(1).toJson().path("attempts").asInt()).isEqualTo(2);
        assertThat(q.find("execute/h2-1")).isEqualTo(b);
        assertThat(q.find("h1-1")).isEqualTo(a);
        assertThat(q.find(a.toString())).isEqualTo(a);
        assertThatThrownBy(() -> q.find("publish/nope")).isInstanceOf(AutomationException.class).hasMessageContaining("replay --list");
    }

    @Test
    void aPathOutsideTheRecoveryQueuesIsRefusedAloneWhetherOrNotAFileIsThere(@TempDir Path dir) throws Exception {
        // given a work root with one parked message, and a phase message file outside it (elsewhere on the disk)
        RecoveryQueue q = new RecoveryQueue(new WorkDirs(dir.resolve("work")));
        Path parked = q.store(Phase.DISCOVER, "h1-1.json", message(dir, "h1-1", Phase.DISCOVER), new RuntimeException("x"),
                new RecoveryQueue.Failure("h1-1", "h1", null, null, 1, 0, 0));
        Path outside = dir.resolve("elsewhere/recovery/discover/h9-9.json");
        java.nio.file.Files.createDirectories(outside.getParent());
        java.nio.file.Files.write(outside, message(dir, "h9-9", Phase.DISCOVER));

        // when it is named by path (absolute, or through ..), then it is refused as a name that does not exist is
        String existing = catchMessage(() -> q.find(outside.toString()));
        String absent = catchMessage(() -> q.find(outside.resolveSibling("absent.json").toString()));
        assertThat(existing).isEqualTo(absent.replace("absent.json", "h9-9.json")).contains("no recovery message");
        assertThatThrownBy(() -> q.find(parked.getParent() + "/../../../elsewhere/recovery/discover/h9-9.json"))
                .isInstanceOf(AutomationException.class);
        assertThat(outside).exists();
        // and the parked message is found by its path however it is spelled
        assertThat(q.find(parked.getParent() + "/../discover/h1-1.json")).isEqualTo(parked);
    }

    private static String catchMessage(Runnable r) {
        try {
            r.run();
        } catch (AutomationException e) {
            return e.getMessage();
        }
        throw new AssertionError("not refused");
    }
}
