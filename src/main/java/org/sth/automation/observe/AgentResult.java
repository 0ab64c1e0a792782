package org.sth.automation.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sth.automation.io.Json;

/**
 * The one JSON document every machine-readable answer has: {@code --json} of {@code run}, {@code resume},
 * {@code replay}, {@code validate} and {@code runs}, and the JMX and HTTP operations. Schema
 * {@value #SCHEMA} (docs/operations.md, "Agent API"): always {@code schema}, {@code command}, {@code ok},
 * {@code exit_code}, {@code error}; then the blocks the command fills ({@code runs}, {@code recovery},
 * {@code report}, {@code messages}).
 */
public final class AgentResult {

    /** Names this document's shape; a field is only ever added under the same name. */
    public static final String SCHEMA = "sth-bench-automation/result/v1";

    private AgentResult() {
    }

    /** A result of {@code command} with exit code {@code exitCode} (0 ok, 1 failed, 2 usage or configuration). */
    public static ObjectNode of(String command, int exitCode) {
        ObjectNode n = Json.object();
        n.put("schema", SCHEMA);
        n.put("command", command);
        n.put("ok", exitCode == 0);
        n.put("exit_code", exitCode);
        n.putNull("error");
        n.putArray("messages");
        return n;
    }

    /** A failed result: {@code kind} is {@code usage}, {@code config} or {@code failed}. */
    public static ObjectNode error(String command, int exitCode, String kind, String message) {
        ObjectNode n = of(command, exitCode);
        n.putObject("error").put("kind", kind).put("message", message);
        return n;
    }

    /** Sets the exit code (and {@code ok}) after the fact. */
    public static ObjectNode exit(ObjectNode result, int exitCode) {
        result.put("ok", exitCode == 0);
        result.put("exit_code", exitCode);
        return result;
    }

    /** Adds a human-readable line (what the text mode would have printed). */
    public static void message(ObjectNode result, String line) {
        result.withArray("messages").add(line);
    }

    /** One run as listed: position, monitoring, where it is and what to do next (from a status with derived blocks). */
    public static ObjectNode run(JsonNode status) {
        ObjectNode r = Json.object();
        r.put("run_id", status.path("run_id").asText(null));
        r.put("request_id", status.path("request_id").asText(null));
        r.put("host", status.path("host").asText(null));
        r.put("state", status.path("state").asText(null));
        r.put("phase", status.path("phase").asText(null));
        r.put("step", status.path("step").asText(null));
        r.put("monitoring", status.path("monitoring").path("state").asText(null));
        r.put("waiting_for", status.path("monitoring").path("waiting_for").asText(null));
        r.put("heartbeat_age_secs", status.path("monitoring").path("heartbeat_age_secs").isNumber()
                ? status.path("monitoring").path("heartbeat_age_secs").asLong() : null);
        r.put("run_dir", status.path("run_dir").asText(null));
        r.put("created_at", status.path("created_at").asText(null));
        r.put("updated_at", status.path("updated_at").asText(null));
        JsonNode primary = status.path("alerts").path("primary");
        r.set("primary_alert", primary.isObject() ? primary.deepCopy() : null);
        r.put("next_command", status.path("next_command").asText(null));
        return r;
    }
}
