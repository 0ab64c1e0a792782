package org.sth.automation.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Typed, problem-collecting reads from one TOML table: a wrong type or an unknown key becomes a
 * problem (with the dotted key and its line) and the read falls back to the default, so that
 * all problems of a file are found in one pass. Adapters read their own tables through it (see {@link TableBinder}).
 */
public final class TomlSection {

    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    /** Keys the original STH tools used that mean something else here, with the migration fix. */
    private static final Map<String, String> LEGACY_FIXES = Map.of(
            "proxy_command", "describe the jump hosts with [hosts.transport] type = \"jump_chain\" and "
                    + "[[hosts.transport.hops]] entries instead of a proxy command",
            "enabled", "remove the key; choose hosts per run with --host",
            "password", "never write secrets into the config: declare [auth_refs.NAME] type = \"password_env\" "
                    + "value = \"ENV_VAR_NAME\" and refer to it with auth_ref",
            "key_file", "declare [auth_refs.NAME] type = \"key_file\" value = \"path/to/key\" and refer to it "
                    + "with auth_ref");

    private final TomlTable table;
    private final String path;
    private final Problems problems;

    TomlSection(TomlTable table, String path, Problems problems) {
        this.table = table;
        this.path = path;
        this.problems = problems;
        for (String k : table.keySet()) {
            TomlPosition pos = table.inputPositionOf(List.of(k));
            if (pos != null) {
                problems.lineOf(key(k), pos.line());
            }
        }
    }

    static TomlSection empty(String path, Problems problems) {
        return new TomlSection(new EmptyTable(), path, problems);
    }

    public String path() {
        return path;
    }

    public Set<String> keys() {
        return table.keySet();
    }

    public String key(String k) {
        String part = BARE_KEY.matcher(k).matches() ? k : "\"" + k.replace("\"", "\\\"") + "\"";
        return path.isEmpty() ? part : path + "." + part;
    }

    public boolean has(String k) {
        return table.keySet().contains(k);
    }

    /** Reports every key not in {@code known} (and not accepted by {@code alsoAllowed}), suggesting the nearest. */
    public void allowOnly(Set<String> known, java.util.function.Predicate<String> alsoAllowed, String extraHint) {
        for (String k : table.keySet()) {
            if (known.contains(k) || alsoAllowed.test(k)) {
                continue;
            }
            String where = path.isEmpty() ? "top level" : "[" + path + "]";
            String fix = Optional.ofNullable(LEGACY_FIXES.get(k))
                    .or(() -> KeySuggestions.nearest(k, known).map(s -> "did you mean '" + s + "'? "
                            + "Allowed keys: " + KeySuggestions.list(known)))
                    .orElse("remove it or use one of: " + KeySuggestions.list(known));
            problems.add(key(k), "unknown key '" + k + "' in " + where,
                    extraHint == null ? fix : fix + "; " + extraHint);
        }
    }

    public void allowOnly(Set<String> known) {
        allowOnly(known, k -> false, null);
    }

    /**
     * The value at {@code k} as TOML gives it ({@code String}, {@code Long}, {@code Double}, {@code Boolean}, a
     * {@code List} for arrays, a {@code Map} for tables), or null when absent: for keys that take several shapes.
     */
    public Object raw(String k) {
        Object v = table.get(List.of(k));
        if (v instanceof TomlArray a) {
            return a.toList();
        }
        if (v instanceof TomlTable t) {
            return t.toMap();
        }
        return v;
    }

    public String string(String k, String dflt) {
        Object v = table.get(List.of(k));
        if (v == null) {
            return dflt;
        }
        if (v instanceof String s) {
            return s;
        }
        wrongType(k, v, "a string", "\"" + (dflt == null ? "text" : dflt) + "\"");
        return dflt;
    }

    public String requiredString(String k, String fix) {
        if (!has(k)) {
            problems.add(key(k), "missing required key '" + k + "'" + (path.isEmpty() ? "" : " in [" + path + "]"), fix);
            return null;
        }
        return string(k, null);
    }

    public long integer(String k, long dflt) {
        Object v = table.get(List.of(k));
        if (v == null) {
            return dflt;
        }
        if (v instanceof Long l) {
            return l;
        }
        wrongType(k, v, "an integer", Long.toString(dflt));
        return dflt;
    }

    public int smallInteger(String k, int dflt) {
        long v = integer(k, dflt);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            problem(k, k + " " + v + " is far outside any valid range", "see docs/configuration.md for the range of " + k);
            return dflt;
        }
        return (int) v;
    }

    /** Seconds as a TOML integer or float; sub-second floats are kept to the millisecond. */
    public Duration seconds(String k, Duration dflt) {
        Object v = table.get(List.of(k));
        if (v == null) {
            return dflt;
        }
        if (v instanceof Long l) {
            return Duration.ofSeconds(l);
        }
        if (v instanceof Double d && Double.isFinite(d)) {
            return Duration.ofMillis(Math.round(d * 1000));
        }
        wrongType(k, v, "a number of seconds", Long.toString(dflt.toSeconds()));
        return dflt;
    }

    /**
     * Seconds as a TOML integer or float within {@code [min, max]}: nan, inf, a value above {@code max} or below
     * {@code min} is a problem naming the value as written and the allowed range, and the default applies.
     */
    public Duration seconds(String k, Duration dflt, Duration min, Duration max) {
        Object v = table.get(List.of(k));
        if (v == null) {
            return dflt;
        }
        String fix = "write " + k + " as a number of seconds from " + secs(min) + " to " + secs(max) + ", e.g. " + secs(dflt);
        double value;
        if (v instanceof Long l) {
            value = l;
        } else if (v instanceof Double d) {
            value = d;
        } else {
            wrongType(k, v, "a number of seconds", secs(dflt));
            return dflt;
        }
        if (Double.isNaN(value)) {
            problem(k, k + " = nan is not a number", fix);
        } else if (Double.isInfinite(value)) {
            problem(k, k + " = " + show(v) + " is infinite: every bound must be finite", fix);
        } else if (value > max.toMillis() / 1000.0) {
            problem(k, k + " = " + show(v) + " is above the upper bound of " + secs(max) + " s (" + human(max) + ")", fix);
        } else if (value <= 0 && min.compareTo(Duration.ZERO) > 0) {
            problem(k, k + " must be positive, found " + show(v), "write " + k + " as a number of seconds greater than 0 (from "
                    + secs(min) + " to " + secs(max) + "), e.g. " + secs(dflt));
        } else if (value < min.toMillis() / 1000.0) {
            problem(k, k + " = " + show(v) + " is below the lower bound of " + secs(min) + " s", fix);
        } else {
            return v instanceof Long l ? Duration.ofSeconds(l) : Duration.ofMillis(Math.round(value * 1000));
        }
        return dflt;
    }

    /** An integer within {@code [min, max]}; a float, or a value outside, is a problem naming it, and the default applies. */
    public long integer(String k, long dflt, long min, long max) {
        Object v = table.get(List.of(k));
        if (v == null) {
            return dflt;
        }
        String fix = "write " + k + " as a whole number from " + min + " to " + max + ", e.g. " + dflt;
        if (!(v instanceof Long l)) {
            problem(k, k + " = " + show(v) + " is not a whole number", fix);
            return dflt;
        }
        if (l > max) {
            problem(k, k + " = " + l + " is above the upper bound of " + max, fix);
        } else if (l < min) {
            problem(k, k + " = " + l + " is below the lower bound of " + min, fix);
        } else {
            return l;
        }
        return dflt;
    }

    /** A number (integer or float) within {@code [min, max]}; nan, inf, a value outside or another type is a problem, and the default applies. */
    public double number(String k, double dflt, double min, double max) {
        Object v = table.get(List.of(k));
        if (v == null) {
            return dflt;
        }
        String fix = "write " + k + " as a number from " + plain(min) + " to " + plain(max) + ", e.g. " + plain(dflt);
        if (!(v instanceof Long) && !(v instanceof Double)) {
            wrongType(k, v, "a number", plain(dflt));
            return dflt;
        }
        double value = ((Number) v).doubleValue();
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            problem(k, k + " = " + show(v) + " is not a finite number", fix);
        } else if (value > max) {
            problem(k, k + " = " + show(v) + " is above the upper bound of " + plain(max), fix);
        } else if (value < min) {
            problem(k, k + " = " + show(v) + " is below the lower bound of " + plain(min), fix);
        } else {
            return value;
        }
        return dflt;
    }

    private static String plain(double d) {
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** A value as the operator wrote it, near enough: {@code 1E+308}, {@code 0.0001}, {@code nan}, {@code inf}. */
    static String show(Object v) {
        if (v instanceof Double d) {
            if (d.isNaN()) {
                return "nan";
            }
            if (d.isInfinite()) {
                return d > 0 ? "inf" : "-inf";
            }
            return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toString();
        }
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }

    private static String secs(Duration d) {
        return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : java.math.BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    private static String human(Duration d) {
        if (d.toDays() >= 1 && d.toHours() % 24 == 0) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        if (d.toHours() >= 1 && d.toMinutes() % 60 == 0) {
            return d.toHours() + " h";
        }
        return d.toMinutes() >= 1 && d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : secs(d) + " s";
    }

    public boolean bool(String k, boolean dflt) {
        Object v = table.get(List.of(k));
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        wrongType(k, v, "a boolean", Boolean.toString(dflt));
        return dflt;
    }

    public List<String> strings(String k, List<String> dflt) {
        Object v = table.get(List.of(k));
        if (v == null) {
            return dflt;
        }
        if (v instanceof TomlArray a) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i) instanceof String s) {
                    out.add(s);
                } else {
                    problems.add(key(k) + "[" + i + "]", "expected a string but found " + kind(a.get(i)),
                            "quote the value: " + k + " = [\"a\", \"b\"]");
                }
            }
            return out;
        }
        wrongType(k, v, "an array of strings", "[\"a\", \"b\"]");
        return dflt;
    }

    /** The sub-table at {@code k}, or an empty section when absent (or of the wrong type, reported). */
    public TomlSection table(String k) {
        Object v = table.get(List.of(k));
        if (v instanceof TomlTable t) {
            return new TomlSection(t, key(k), problems);
        }
        if (v != null) {
            wrongType(k, v, "a table", null);
        }
        return empty(key(k), problems);
    }

    /** The array of tables ({@code [[k]]}) at {@code k}; empty when absent. */
    public List<TomlSection> tables(String k) {
        Object v = table.get(List.of(k));
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof TomlArray a)) {
            wrongType(k, v, "an array of tables", null);
            return List.of();
        }
        List<TomlSection> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String elementKey = key(k) + "[" + i + "]";
            TomlPosition pos = a.inputPositionOf(i);
            if (pos != null) {
                problems.lineOf(elementKey, pos.line());
            }
            if (a.get(i) instanceof TomlTable t) {
                out.add(new TomlSection(t, elementKey, problems));
            } else {
                problems.add(elementKey, "expected a table but found " + kind(a.get(i)),
                        "write each entry as an array-of-tables header [[" + key(k) + "]]");
            }
        }
        return out;
    }

    /** Every entry of this table that is itself a table, in file order of keys as tomlj keeps them. */
    public List<Map.Entry<String, TomlSection>> subTables() {
        List<Map.Entry<String, TomlSection>> out = new ArrayList<>();
        for (String k : new LinkedHashSet<>(table.keySet())) {
            Object v = table.get(List.of(k));
            if (v instanceof TomlTable t) {
                out.add(Map.entry(k, new TomlSection(t, key(k), problems)));
            } else {
                wrongType(k, v, "a table", null);
            }
        }
        return out;
    }

    public void problem(String k, String problem, String fix) {
        problems.add(key(k), problem, fix);
    }

    /** A problem with element {@code index} of the array at {@code k} (key {@code k[index]}). */
    public void problem(String k, int index, String problem, String fix) {
        problems.add(key(k) + "[" + index + "]", problem, fix);
    }

    private void wrongType(String k, Object v, String expected, String example) {
        String fix;
        if ("a table".equals(expected)) {
            fix = "write it as a table header [" + key(k) + "] followed by its keys";
        } else if ("an array of tables".equals(expected)) {
            fix = "write each entry as an array-of-tables header [[" + key(k) + "]]";
        } else {
            fix = "write " + k + " = " + example;
        }
        problems.add(key(k), "expected " + expected + " but found " + kind(v), fix);
    }

    public static String kind(Object v) {
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Long) {
            return "an integer";
        }
        if (v instanceof Double) {
            return "a float";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof TomlArray) {
            return "an array";
        }
        if (v instanceof TomlTable) {
            return "a table";
        }
        return "a date/time";
    }

    /** An absent table behaves as an empty one. */
    private static final class EmptyTable implements TomlTable {
        @Override
        public int size() {
            return 0;
        }

        @Override
        public boolean isEmpty() {
            return true;
        }

        @Override
        public Set<String> keySet() {
            return Set.of();
        }

        @Override
        public Set<List<String>> keyPathSet(boolean includeTables) {
            return Set.of();
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            return Set.of();
        }

        @Override
        public Set<Map.Entry<List<String>, Object>> entryPathSet(boolean includeTables) {
            return Set.of();
        }

        @Override
        public Object get(List<String> path) {
            return null;
        }

        @Override
        public TomlPosition inputPositionOf(List<String> path) {
            return null;
        }

        @Override
        public Map<String, Object> toMap() {
            return Map.of();
        }
    }
}
