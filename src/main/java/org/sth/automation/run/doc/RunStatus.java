package org.sth.automation.run.doc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.sth.automation.io.Json;
import org.sth.automation.run.status.PhaseState;
import org.sth.automation.run.status.RunState;

/**
 * {@code status.json} as its readers see it (the CLI verbs, the views, the runs index, resume): the run, its position,
 * its phases and steps, and the blocks derived from them ({@code docs/schema/status.schema.json}). The status machine
 * writes the file; this record only reads it, so a field it does not name stays in the file untouched.
 */
@DocumentRecord
public record RunStatus(String runId, String requestId, String host, String runDir, String config, List<String> benchmarks,
        RunState state, String phase, String adapter, String step, String controller, String spool,
        Map<String, PhaseEntry> phases, Map<String, Map<String, String>> steps, Heartbeat heartbeat, Monitoring monitoring,
        Alerts alerts, List<String> packaging, String createdAt, String updatedAt, String nextCommand, List<String> nextActions,
        List<String> nextCommands, List<String> nextDiagnosticCommands, List<String> nextInstallCommands, List<String> nextPaths,
        List<Hint> commandHints, List<Hint> pathHints, RemoteShell remoteShell) {

    public RunStatus {
        benchmarks = benchmarks == null ? List.of() : benchmarks;
        phases = phases == null ? Map.of() : phases;
        steps = steps == null ? Map.of() : steps;
        heartbeat = heartbeat == null ? new Heartbeat(null, null, null, null) : heartbeat;
        monitoring = monitoring == null ? Monitoring.NONE : monitoring;
        alerts = alerts == null ? new Alerts(List.of(), List.of(), null) : alerts;
        packaging = packaging == null ? List.of() : packaging;
        nextActions = nextActions == null ? List.of() : nextActions;
        nextCommands = nextCommands == null ? List.of() : nextCommands;
        nextDiagnosticCommands = nextDiagnosticCommands == null ? List.of() : nextDiagnosticCommands;
        nextInstallCommands = nextInstallCommands == null ? List.of() : nextInstallCommands;
        nextPaths = nextPaths == null ? List.of() : nextPaths;
        commandHints = commandHints == null ? List.of() : commandHints;
        pathHints = pathHints == null ? List.of() : pathHints;
    }

    /** Binds a status document (with or without its derived blocks). */
    public static RunStatus of(JsonNode status) {
        return Json.MAPPER.convertValue(status, RunStatus.class);
    }

    /**
     * {@code remote_shell}: how the run's commands reach the host ({@code runner} or {@code per-command}), why a
     * channel per command where the runner was asked for, and since when; null before the first command.
     */
    @DocumentRecord
    public record RemoteShell(String mode, String reason, String since) {
    }

    /** {@code phases.<phase>}. */
    @DocumentRecord
    public record PhaseEntry(PhaseState state, int attempts, String enteredAt, String leftAt, String error) {
    }

    /** {@code heartbeat}: the last heartbeat and the run's interval. */
    @DocumentRecord
    public record Heartbeat(String at, Long intervalSecs, String adapter, String phase) {
    }

    /** {@code monitoring}: whether the run is being processed, and whether that is alive (as of {@code derived_at}). */
    @DocumentRecord
    public record Monitoring(String state, String waitingFor, String summary, String activePhase, String activeAdapter,
            Long heartbeatAgeSecs, boolean heartbeatFresh, Long heartbeatIntervalSecs, String derivedAt, String staleAfter,
            List<String> stalledPhases, Map<String, MonitoredPhase> phases) {

        static final Monitoring NONE = new Monitoring(null, null, null, null, null, null, false, null, null, null, List.of(), Map.of());

        public Monitoring {
            stalledPhases = stalledPhases == null ? List.of() : stalledPhases;
            phases = phases == null ? Map.of() : phases;
        }
    }

    /** {@code monitoring.phases.<phase>}: what needs attention in one phase. */
    @DocumentRecord
    public record MonitoredPhase(String state, String attention, String attentionMessage) {
    }

    /** {@code alerts}. */
    @DocumentRecord
    public record Alerts(List<BlockedPublish> blockedPublish, List<Warning> warnings, JsonNode primary) {

        public Alerts {
            blockedPublish = blockedPublish == null ? List.of() : blockedPublish;
            warnings = warnings == null ? List.of() : warnings;
            primary = primary == null || primary.isNull() ? null : primary;
        }

        /** The primary alert's severity and message, or null. */
        public String primaryLine() {
            return primary == null ? null : "[" + primary.path("severity").asText() + "] " + primary.path("message").asText();
        }
    }

    /** {@code alerts.blocked_publish[]}. */
    @DocumentRecord
    public record BlockedPublish(String adapter, String state, String publishState, String error, String hint) {
    }

    /** {@code alerts.warnings[]}. */
    @DocumentRecord
    public record Warning(String key, String message) {
    }

    /** {@code command_hints[]} ({@code command}) and {@code path_hints[]} ({@code path}): why each is recommended. */
    @DocumentRecord
    public record Hint(String command, String path, String hint) {
    }
}
