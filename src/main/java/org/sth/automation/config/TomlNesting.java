package org.sth.automation.config;

import java.util.Optional;

/**
 * Finds arrays and inline tables nested deeper than any config needs before the TOML parser sees them: tomlj
 * parses nesting recursively, so a thousand {@code [} end in a StackOverflowError instead of a message.
 */
public final class TomlNesting {

    /** Deeper than any real config or request (they nest two or three levels). */
    public static final int MAX_DEPTH = 32;

    private TomlNesting() {
    }

    /** Where nesting first exceeds {@link #MAX_DEPTH}. */
    public record TooDeep(int line, int column) {

        public String problem() {
            return "arrays or inline tables nested deeper than " + MAX_DEPTH + " levels at line " + line + ", column " + column;
        }
    }

    /**
     * Scans values for {@code [} / {@code {} nesting, skipping strings and comments; header lines ({@code [table]},
     * {@code [[array]]}) open no value. Only an estimate of structure: the parser still judges the syntax.
     */
    public static Optional<TooDeep> check(String toml) {
        int depth = 0;
        int line = 1;
        int col = 0;
        boolean lineStart = true;
        int n = toml.length();
        for (int i = 0; i < n; i++) {
            char c = toml.charAt(i);
            col++;
            if (c == '\n') {
                line++;
                col = 0;
                lineStart = true;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r') {
                continue;
            }
            if (c == '#') {
                while (i + 1 < n && toml.charAt(i + 1) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                boolean multi = toml.startsWith(String.valueOf(c).repeat(3), i);
                int end = multi ? toml.indexOf(String.valueOf(c).repeat(3), i + 3) : i + 1;
                if (!multi) {
                    while (end < n && toml.charAt(end) != c && toml.charAt(end) != '\n') {
                        end += c == '"' && toml.charAt(end) == '\\' ? 2 : 1;
                    }
                }
                int stop = end < 0 ? n : Math.min(n, end + (multi ? 2 : 0));
                for (int j = i + 1; j <= stop && j < n; j++) {
                    if (toml.charAt(j) == '\n') {
                        line++;
                        col = 0;
                    } else {
                        col++;
                    }
                }
                i = stop;
                lineStart = false;
                continue;
            }
            if (lineStart && depth == 0 && c == '[') {
                // a table header: skip to the end of the line
                while (i + 1 < n && toml.charAt(i + 1) != '\n') {
                    i++;
                }
                continue;
            }
            lineStart = false;
            if (c == '[' || c == '{') {
                depth++;
                if (depth > MAX_DEPTH) {
                    return Optional.of(new TooDeep(line, col));
                }
            } else if ((c == ']' || c == '}') && depth > 0) {
                depth--;
            }
        }
        return Optional.empty();
    }
}
