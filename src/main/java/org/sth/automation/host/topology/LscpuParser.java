package org.sth.automation.host.topology;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads plain {@code lscpu} output: key/value pairs, the CPU summary, and cache sizes in KiB. */
public final class LscpuParser {

    private static final Pattern SIZE = Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)\\s*([KMGTP]?)(?:i?B)?$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TRAILING_PARENS = Pattern.compile("\\s*\\([^)]*\\)\\s*$");

    private LscpuParser() {
    }

    /** Every {@code key: value} line; when lscpu repeats a key (hybrid CPUs, several sockets) the last one wins. */
    public static Map<String, String> values(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text == null) {
            return values;
        }
        text.lines().forEach(line -> {
            int colon = line.indexOf(':');
            if (colon >= 0) {
                values.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        });
        return values;
    }

    /** Every non-empty value of every key, in order of appearance. */
    public static Map<String, List<String>> allValues(String text) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (text == null) {
            return values;
        }
        text.lines().forEach(line -> {
            int colon = line.indexOf(':');
            if (colon >= 0) {
                String value = line.substring(colon + 1).strip();
                if (!value.isEmpty()) {
                    values.computeIfAbsent(line.substring(0, colon).strip(), k -> new ArrayList<>()).add(value);
                }
            }
        });
        return values;
    }

    /** The non-empty value of a key (last occurrence), or null. */
    public static String value(Map<String, String> values, String key) {
        String value = values.get(key);
        return value == null || value.isEmpty() ? null : value;
    }

    /** The CPU summary the topology grouping needs: first occurrence of each key, distinct model names. */
    public static LscpuSummary summary(String text) {
        Map<String, List<String>> values = allValues(text);
        return new LscpuSummary(
                first(values, "Architecture", "unknown"),
                List.copyOf(new LinkedHashSet<>(values.getOrDefault("Model name", List.of()))),
                intOrNull(first(values, "CPU(s)", null)),
                intOrNull(first(values, "Socket(s)", null)),
                intOrNull(first(values, "Thread(s) per core", null)),
                intOrNull(first(values, "NUMA node(s)", null)));
    }

    /**
     * A size as whole KiB: {@code "12 MiB (192 instances)"} gives 12288, {@code "768 KiB"} 768, {@code "2M"} 2048,
     * a bare number is bytes. Null when absent or unparseable.
     */
    public static Long sizeToKib(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String token = TRAILING_PARENS.matcher(value.strip()).replaceAll("").replace(" ", "");
        Matcher matcher = SIZE.matcher(token);
        if (!matcher.matches()) {
            return null;
        }
        BigDecimal amount = new BigDecimal(matcher.group(1));
        BigDecimal kib = switch (matcher.group(2).toUpperCase(Locale.ROOT)) {
            case "" -> amount.divide(BigDecimal.valueOf(1024));
            case "K" -> amount;
            case "M" -> amount.multiply(BigDecimal.valueOf(1024));
            case "G" -> amount.multiply(BigDecimal.valueOf(1024L * 1024));
            case "T" -> amount.multiply(BigDecimal.valueOf(1024L * 1024 * 1024));
            default -> amount.multiply(BigDecimal.valueOf(1024L * 1024 * 1024 * 1024));
        };
        return kib.longValue();
    }

    public static Integer intOrNull(String value) {
        if (value == null || value.isBlank() || value.strip().equals("-")) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String first(Map<String, List<String>> values, String key, String fallback) {
        List<String> list = values.get(key);
        return list == null || list.isEmpty() ? fallback : list.get(0);
    }
}
