package org.sth.automation.adapter.sysinfo;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads {@code /etc/os-release} {@code KEY=value} lines, unquoting values. */
public final class OsReleaseParser {

    private OsReleaseParser() {
    }

    /** All keys in file order; empty when the text is null. */
    public static Map<String, String> parse(String text) {
        Map<String, String> result = new LinkedHashMap<>();
        if (text == null) {
            return result;
        }
        text.lines().forEach(line -> {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.stripLeading().startsWith("#")) {
                result.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
            }
        });
        return result;
    }

    private static String unquote(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && (value.charAt(start) == '"' || value.charAt(start) == '\'')) {
            start++;
        }
        while (end > start && (value.charAt(end - 1) == '"' || value.charAt(end - 1) == '\'')) {
            end--;
        }
        return value.substring(start, end);
    }
}
