package org.sth.automation.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Collects every problem of one configuration file, with the source line of each key when known. */
final class Problems {

    private final String file;
    private final List<ConfigException> problems = new ArrayList<>();
    private final Map<String, Integer> lines = new HashMap<>();

    Problems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void lineOf(String key, int line) {
        lines.putIfAbsent(key, line);
    }

    void add(String key, String problem, String fix) {
        Integer line = lineOrParentLine(key);
        problems.add(new ConfigException(file, key, line == null ? problem : problem + " (line " + line + ")", fix));
    }

    // A key that was never written (a default, a missing required key) points at its table instead.
    private Integer lineOrParentLine(String key) {
        String k = key;
        while (true) {
            Integer line = lines.get(k);
            if (line != null) {
                return line;
            }
            int cut = Math.max(k.lastIndexOf('.'), k.lastIndexOf('['));
            if (cut <= 0) {
                return null;
            }
            k = k.substring(0, cut);
        }
    }

    List<ConfigException> list() {
        return List.copyOf(problems);
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigValidationException(file, problems);
        }
    }
}
