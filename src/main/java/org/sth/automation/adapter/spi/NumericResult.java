package org.sth.automation.adapter.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sth.automation.io.Json;

/**
 * Where a benchmark's numbers are after its collect step: a JSON file in its results and, per metric, a JSON pointer
 * into it; a pointer to an object makes every number in it a metric (a declared benchmark's parsed {@code values}).
 * Repeated runs compare these numbers ({@code repeat}, docs/integrity.md).
 *
 * @param file    the JSON file, relative to the benchmark's results
 * @param metrics metric name to JSON pointer ({@code /overall/median_ns}); a pointer to an object adds its numbers by key
 */
public record NumericResult(String file, Map<String, String> metrics) {

    public NumericResult {
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** A result in {@code file} with {@code pairs} of metric name and JSON pointer, in order. */
    public static NumericResult of(String file, String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("metric names and pointers come in pairs: " + java.util.Arrays.toString(pairs));
        }
        Map<String, String> metrics = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            metrics.put(pairs[i], pairs[i + 1]);
        }
        return new NumericResult(file, metrics);
    }

    /** The numbers of one run's results ({@code dir} is where its collect step wrote them); empty when there are none. */
    public Map<String, Double> read(Path dir) {
        Map<String, Double> out = new LinkedHashMap<>();
        Path f = dir.resolve(file);
        if (!Files.isRegularFile(f)) {
            return out;
        }
        JsonNode doc = Json.read(f);
        metrics.forEach((name, pointer) -> {
            JsonNode n = doc.at(pointer);
            if (n.isNumber()) {
                out.put(name, n.asDouble());
            } else if (n.isObject()) {
                n.fields().forEachRemaining(e -> {
                    if (e.getValue().isNumber()) {
                        out.put(e.getKey(), e.getValue().asDouble());
                    }
                });
            }
        });
        return out;
    }
}
