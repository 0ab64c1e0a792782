package org.sth.automation.config;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.sth.automation.io.Sha256;

/**
 * A config as it takes effect: every setting of the parsed records (relative paths already resolved against the config
 * file's folder), flattened to {@code key = value} lines, and their sha256. Two files that say the same thing, whatever
 * their layout, comments or order, have the same digest; a changed port, host, user, auth ref or path changes it. The
 * file's own path is not part of it.
 *
 * @param settings every setting, by dotted key ({@code hosts[0].port}), in key order
 * @param digest the sha256 of the settings
 */
public record EffectiveConfig(Map<String, String> settings, String digest) {

    private static final ObjectMapper FIELDS = JsonMapper.builder()
            .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .addModule(new SimpleModule().addSerializer(java.time.Duration.class, ToStringSerializer.instance)
                    .addSerializer(java.nio.file.Path.class, ToStringSerializer.instance)
                    .addSerializer(java.util.regex.Pattern.class, ToStringSerializer.instance)
                    .addSerializer(java.util.Set.class, new SortedSetSerializer()))
            .build();

    /** The effective settings of {@code config}. */
    public static EffectiveConfig of(AutomationConfig config) {
        ObjectNode tree = FIELDS.valueToTree(config);
        tree.remove("source");
        Map<String, String> flat = new TreeMap<>();
        flatten("", tree, flat);
        return of(flat);
    }

    /** The digest of settings read back (from another controller's record). */
    public static EffectiveConfig of(Map<String, String> settings) {
        StringBuilder text = new StringBuilder();
        Map<String, String> sorted = new TreeMap<>(settings);
        sorted.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        return new EffectiveConfig(java.util.Collections.unmodifiableMap(sorted), Sha256.of(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** What differs from {@code other}: one line per key, {@code key: <this> here, <other> there} ("(none)" when unset). */
    public java.util.List<String> differences(EffectiveConfig other, String here, String there) {
        java.util.TreeSet<String> keys = new java.util.TreeSet<>(settings.keySet());
        keys.addAll(other.settings.keySet());
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String k : keys) {
            String a = settings.get(k);
            String b = other.settings.get(k);
            if (!java.util.Objects.equals(a, b)) {
                out.add(k + ": " + (a == null ? "(none)" : a) + " " + here + ", " + (b == null ? "(none)" : b) + " " + there);
            }
        }
        return out;
    }

    /**
     * A set in the order of its elements' text: {@code Set.of} and {@code Set.copyOf} iterate in an order each JVM picks
     * at random, and two controllers with one config must come to one digest.
     */
    @SuppressWarnings("rawtypes")
    private static final class SortedSetSerializer extends com.fasterxml.jackson.databind.ser.std.StdSerializer<java.util.Set> {

        SortedSetSerializer() {
            super(java.util.Set.class);
        }

        @Override
        public void serialize(java.util.Set value, com.fasterxml.jackson.core.JsonGenerator gen,
                com.fasterxml.jackson.databind.SerializerProvider provider) throws java.io.IOException {
            java.util.List<Object> sorted = new java.util.ArrayList<>(value);
            sorted.sort(java.util.Comparator.comparing(String::valueOf));
            provider.defaultSerializeValue(sorted, gen);
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), out);
            }
            if (node.isEmpty()) {
                out.put(prefix, "[]");
            }
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }
}
