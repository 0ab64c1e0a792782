package org.sth.automation.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import org.sth.automation.io.Json;
import org.sth.automation.run.RunLayout;
import org.sth.automation.run.status.Phase;

/**
 * The unit of work handed from phase to phase: a small JSON file in {@code spool/<phase>/}, named
 * {@code <run_id>.json}. It points at the run directory, which holds all state.
 */
public record PhaseMessage(String runId, Path runDir, String host, Phase phase, int attempt, Instant createdAt) {

    public String fileName() {
        return runId + ".json";
    }

    public PhaseMessage toPhase(Phase next) {
        return new PhaseMessage(runId, runDir, host, next, 1, Instant.now());
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("schema_version", RunLayout.SCHEMA_VERSION);
        n.put("run_id", runId);
        n.put("run_dir", runDir.toString());
        n.put("host", host);
        n.put("phase", phase.id());
        n.put("attempt", attempt);
        n.put("created_at", createdAt.toString());
        return n;
    }

    public String toJsonText() {
        return new String(Json.pretty(toJson()), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Parses a message; the error names the missing or broken field. */
    public static PhaseMessage parse(String text, String source) {
        JsonNode n;
        try {
            n = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(source, "invalid or truncated JSON (" + e.getMessage() + ")");
        }
        for (String f : new String[] {"run_id", "run_dir", "host", "phase"}) {
            if (!n.hasNonNull(f) || n.get(f).asText().isBlank()) {
                throw new MalformedMessageException(source, "missing field '" + f + "'");
            }
        }
        Phase phase;
        try {
            phase = Phase.of(n.get("phase").asText());
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(source, e.getMessage());
        }
        return new PhaseMessage(n.get("run_id").asText(), Path.of(n.get("run_dir").asText()), n.get("host").asText(), phase,
                n.path("attempt").asInt(1), n.hasNonNull("created_at") ? Instant.parse(n.get("created_at").asText()) : Instant.now());
    }
}
