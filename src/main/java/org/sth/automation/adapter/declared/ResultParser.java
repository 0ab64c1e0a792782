package org.sth.automation.adapter.declared;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sth.automation.io.Json;

/**
 * How a declared benchmark's result file becomes {@code summary.json}: {@code json} (the file is JSON),
 * {@code key=value} (one {@code key=value} or {@code key: value} per line) or {@code regex} (a named table of patterns,
 * each with one capture group). Numbers become JSON numbers. A parser that finds nothing is an error.
 *
 * @param type     {@code json}, {@code key=value} or {@code regex}
 * @param file     the result file it reads (relative to the benchmark's results)
 * @param patterns for {@code regex}: value name to pattern
 */
public record ResultParser(String type, String file, Map<String, Pattern> patterns) {

    public static final String JSON = "json";
    public static final String KEY_VALUE = "key=value";
    public static final String REGEX = "regex";
    public static final List<String> TYPES = List.of(JSON, KEY_VALUE, REGEX);

    private static final Pattern LINE = Pattern.compile("\\s*([A-Za-z0-9_.\\-/ ]*[A-Za-z0-9_.\\-/])\\s*[=:]\\s*(.*?)\\s*");

    public ResultParser {
        patterns = patterns == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(patterns));
    }

    /** The values found in {@code text}; an {@link IllegalArgumentException} says why none could be read. */
    public ObjectNode parse(String text) {
        ObjectNode values = Json.object();
        switch (type) {
            case JSON -> {
                JsonNode n;
                try {
                    n = Json.parse(text);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage());
                }
                if (!n.isObject()) {
                    throw new IllegalArgumentException(file + " holds JSON but not an object (found " + n.getNodeType().name().toLowerCase() + ")");
                }
                values.setAll((ObjectNode) n);
            }
            case KEY_VALUE -> {
                for (String line : text.split("\\R")) {
                    if (line.isBlank() || line.strip().startsWith("#")) {
                        continue;
                    }
                    Matcher m = LINE.matcher(line);
                    if (m.matches()) {
                        put(values, m.group(1), m.group(2));
                    }
                }
            }
            case REGEX -> {
                for (Map.Entry<String, Pattern> p : patterns.entrySet()) {
                    Matcher m = p.getValue().matcher(text);
                    if (m.find()) {
                        put(values, p.getKey(), m.group(1));
                    }
                }
            }
            default -> throw new IllegalStateException("unknown parser type " + type);
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("the " + type + " parser found no value in " + file
                    + (type.equals(REGEX) ? " (none of the patterns " + patterns.keySet() + " matched)" : ""));
        }
        return values;
    }

    /** The names a regex parser expected and did not find (empty for the other types). */
    public List<String> missing(ObjectNode values) {
        return patterns.keySet().stream().filter(k -> !values.has(k)).toList();
    }

    private static void put(ObjectNode values, String key, String raw) {
        String v = raw.strip();
        try {
            values.put(key, new BigDecimal(v));
        } catch (NumberFormatException notANumber) {
            values.put(key, v);
        }
    }
}
