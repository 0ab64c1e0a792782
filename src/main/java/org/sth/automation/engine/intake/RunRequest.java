package org.sth.automation.engine.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sth.automation.config.TomlNesting;
import org.sth.automation.io.DocumentSchema;
import org.sth.automation.io.Json;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;

/**
 * A run request as dropped into {@code inbox/} (TOML or JSON): hosts, benchmarks, an optional
 * request id and the explicit confirmation needed for protected hosts.
 */
public record RunRequest(String requestId, List<String> hosts, List<String> benchmarks, boolean allowProtected) {

    public RunRequest {
        hosts = List.copyOf(hosts);
        benchmarks = List.copyOf(benchmarks);
    }

    /** Parses by extension ({@code .toml} or {@code .json}); every error names the file, the key and the fix. */
    public static RunRequest parse(String fileName, String text) {
        Map<String, Object> fields;
        if (fileName.endsWith(".toml")) {
            var deep = TomlNesting.check(text);
            if (deep.isPresent()) {
                throw new RequestRejectedException(fileName, "(syntax)", deep.get().problem(), "write hosts and benchmarks as flat lists of names");
            }
            TomlParseResult toml = Toml.parse(text);
            if (toml.hasErrors()) {
                var err = toml.errors().get(0);
                throw new RequestRejectedException(fileName, "(syntax)", "TOML syntax error at line " + err.position().line()
                        + ", column " + err.position().column() + ": " + err.getMessage(), "fix the TOML syntax");
            }
            fields = new java.util.LinkedHashMap<>();
            for (String key : toml.keySet()) {
                Object v = toml.get(key);
                fields.put(key, v instanceof TomlArray a ? a.toList() : v);
            }
        } else if (fileName.endsWith(".json")) {
            JsonNode n;
            try {
                n = Json.parse(text);
            } catch (IllegalArgumentException e) {
                throw new RequestRejectedException(fileName, "(syntax)", "invalid or truncated JSON: " + e.getMessage(),
                        "write one complete JSON object");
            }
            if (!n.isObject()) {
                throw new RequestRejectedException(fileName, "(root)", "expected a JSON object", "write {\"hosts\": [...], \"benchmarks\": [...]}");
            }
            fields = Json.MAPPER.convertValue(n, Map.class);
        } else {
            throw new RequestRejectedException(fileName, "(file name)", "unsupported request type", "name the file *.toml or *.json");
        }
        for (String key : fields.keySet()) {
            if (!List.of("request_id", "host", "hosts", "benchmarks", "allow_protected", "$schema", "schema_version").contains(key)) {
                throw new RequestRejectedException(fileName, key, "unknown key",
                        "use only request_id, host or hosts, benchmarks, allow_protected (and $schema, schema_version)");
            }
        }
        Object version = fields.get("schema_version");
        if (version != null && !Integer.valueOf(DocumentSchema.REQUEST.version()).equals(version instanceof Number n ? n.intValue() : version)) {
            throw new RequestRejectedException(fileName, "schema_version", "unknown request version " + version,
                    "write schema_version = " + DocumentSchema.REQUEST.version() + " or leave it out");
        }
        List<String> hosts = strings(fileName, fields, fields.containsKey("hosts") ? "hosts" : "host");
        List<String> benchmarks = strings(fileName, fields, "benchmarks");
        if (hosts.isEmpty()) {
            throw new RequestRejectedException(fileName, "hosts", "no host given", "add hosts = [\"<name from the config>\"]");
        }
        if (benchmarks.isEmpty()) {
            throw new RequestRejectedException(fileName, "benchmarks", "no benchmark given", "add benchmarks = [\"system-info\"]");
        }
        Object id = fields.get("request_id");
        Object allow = fields.get("allow_protected");
        if (allow != null && !(allow instanceof Boolean)) {
            throw new RequestRejectedException(fileName, "allow_protected", "must be true or false", "write allow_protected = true");
        }
        return new RunRequest(id == null ? null : id.toString(), hosts, benchmarks, Boolean.TRUE.equals(allow));
    }

    private static List<String> strings(String file, Map<String, Object> fields, String key) {
        Object v = fields.get(key);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v instanceof String s) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
            return out;
        }
        if (v instanceof List<?> l) {
            for (Object o : l) {
                if (!(o instanceof String s) || s.isBlank()) {
                    throw new RequestRejectedException(file, key, "every entry must be a non-empty string", "write " + key + " = [\"a\", \"b\"]");
                }
                out.add(s.strip());
            }
            return out;
        }
        throw new RequestRejectedException(file, key, "must be a string or a list of strings", "write " + key + " = [\"a\", \"b\"]");
    }
}
