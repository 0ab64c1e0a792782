package org.sth.automation.adapter.declared;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.sth.automation.adapter.spi.Measurement;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigPaths;
import org.sth.automation.config.TableBinder;
import org.sth.automation.config.TomlSection;

/**
 * {@code [benchmarks.NAME]}: benchmarks declared in the config, each bound to a {@link DeclaredBenchmark} and run by a
 * {@link DeclaredBenchmarkAdapter}. Every problem names the key and the fix, like the rest of the config.
 */
public final class DeclaredBenchmarks {

    public static final String TABLE = "benchmarks";

    /** The ceiling of a declared benchmark that sets none and runs under no {@code [execution] max_execution_secs}. */
    public static final Duration DEFAULT_CEILING = Duration.ofHours(1);

    /** The largest ceiling or heartbeat a declared benchmark may ask for: beyond it, a value is a typo, not a plan. */
    static final Duration MAX_CEILING = Duration.ofDays(7);

    private static final Set<String> KEYS = keys();
    private static final Set<String> PARSER_KEYS = Set.of("type", "file", "patterns");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern COMMAND_NAME = Pattern.compile("[A-Za-z0-9._+-]+");
    // results are put on a shell command line unquoted (to glob): only plain path characters and glob wildcards
    private static final Pattern RESULT = Pattern.compile("[A-Za-z0-9._+-][A-Za-z0-9._+*?\\[\\]/-]*");

    private DeclaredBenchmarks() {
    }

    private static Set<String> keys() {
        Set<String> k = new java.util.TreeSet<>(Set.of("description", "command", "script", "requires", "packages", "bundle", "ceiling_secs",
                "heartbeat_secs", "results", "parser", "publish_target", "repo_path_key"));
        k.addAll(Measurement.KEYS);
        return Set.copyOf(k);
    }

    /** The declared benchmarks of a loaded config, by name (empty when it declares none). */
    @SuppressWarnings("unchecked")
    public static Map<String, DeclaredBenchmark> of(AutomationConfig config) {
        return config.table(TABLE, Map.class, Map.of());
    }

    /** Binds {@code [benchmarks.*]}; {@code builtIn} are the names a declared benchmark may not take. */
    public static TableBinder<Map<String, DeclaredBenchmark>> binder(Set<String> builtIn) {
        return new TableBinder<>() {
            @Override
            public String table() {
                return TABLE;
            }

            @Override
            public Map<String, DeclaredBenchmark> bind(TomlSection section, AutomationConfig config) {
                Map<String, DeclaredBenchmark> out = new LinkedHashMap<>();
                for (Map.Entry<String, TomlSection> e : section.subTables()) {
                    DeclaredBenchmark b = benchmark(e.getKey(), e.getValue(), section, config, builtIn);
                    if (b != null) {
                        out.put(b.name(), b);
                    }
                }
                return out;
            }
        };
    }

    private static DeclaredBenchmark benchmark(String name, TomlSection s, TomlSection parent, AutomationConfig config, Set<String> builtIn) {
        s.allowOnly(KEYS);
        boolean ok = true;
        if (!NAME.matcher(name).matches()) {
            parent.problem(name, "benchmark name '" + name + "' must be 1-64 characters of lower-case letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit", "rename the table [benchmarks.<name>]: the name is used in directories and commands");
            ok = false;
        } else if (builtIn.contains(name)) {
            parent.problem(name, "'" + name + "' is a built-in benchmark", "give the declared benchmark another name");
            ok = false;
        }
        String command = s.string("command", null);
        String script = s.string("script", null);
        if ((command == null) == (script == null)) {
            s.problem(command == null ? "command" : "script", command == null ? "a declared benchmark needs a command or a script"
                    : "command and script are both set", "set exactly one: command = \"...\" (run on the host) or script = \"run.sh\" "
                            + "(a script inside the benchmark's bundle)");
            ok = false;
        } else if (command != null && command.isBlank()) {
            s.problem("command", "command is empty", "write the shell command that runs the benchmark");
            ok = false;
        }
        Path bundle = path(s, "bundle", config);
        boolean configuredBundle = config.bundles().containsKey(name) && config.bundles().get(name).path() != null;
        if (script != null && (script.isBlank() || script.startsWith("/") || script.contains(".."))) {
            s.problem("script", "script must be a relative path inside the bundle, found '" + script + "'", "e.g. script = \"run.sh\"");
            ok = false;
        } else if (script != null && bundle == null && !configuredBundle) {
            s.problem("script", "script " + script + " needs a bundle to come from", "add bundle = \"path/to/" + name
                    + "-1.0.0-linux-any.tar.gz\" (with its manifest beside it), or use command instead");
            ok = false;
        }
        List<String> requires = s.strings("requires", List.of());
        for (String c : requires) {
            if (!COMMAND_NAME.matcher(c).matches()) {
                s.problem("requires", "'" + c + "' is not a command name", "list command names as found on PATH, e.g. requires = [\"stress-ng\"]");
                ok = false;
            }
        }
        Map<String, String> packages = new LinkedHashMap<>();
        TomlSection pk = s.table("packages");
        for (String c : pk.keys()) {
            String pkg = pk.string(c, null);
            if (!requires.contains(c)) {
                pk.problem(c, "'" + c + "' is not one of requires " + requires, "name a package only for a required command");
            } else if (pkg != null && !pkg.isBlank()) {
                packages.put(c, pkg.strip());
            }
        }
        Duration ceiling = bounded(s, "ceiling_secs");
        Duration heartbeat = bounded(s, "heartbeat_secs");
        if (ceiling != null && config.execution().maxExecution().containsKey(name)) {
            s.problem("ceiling_secs", "the ceiling of " + name + " is set twice (also [execution.max_execution_secs_per_adapter] " + name + ")",
                    "keep one of them");
        }
        List<String> results = s.strings("results", List.of());
        if (results.isEmpty()) {
            s.problem("results", "a declared benchmark needs at least one result file", "list the files it writes, relative to its "
                    + "scratch directory on the host, e.g. results = [\"result.json\", \"logs/*.txt\"]");
            ok = false;
        }
        for (String r : results) {
            if (!RESULT.matcher(r).matches() || r.contains("..")) {
                s.problem("results", "result '" + r + "' is not a relative path or glob of plain characters",
                        "use paths relative to the benchmark's scratch directory: letters, digits, . _ + - / and the wildcards * ? [ ]");
                ok = false;
            }
        }
        ResultParser parser = parser(s, results);
        String target = s.string("publish_target", name);
        String repoKey = s.string("repo_path_key", name.replace('-', '_').replace('.', '_'));
        return ok ? new DeclaredBenchmark(name, s.string("description", ""), command, script, requires, packages, bundle, ceiling, heartbeat,
                results, parser, target, repoKey, Measurement.bind(s)) : null;
    }

    private static Duration bounded(TomlSection s, String key) {
        if (!s.has(key)) {
            return null;
        }
        Duration d = s.seconds(key, Duration.ofSeconds(1));
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_CEILING) > 0) {
            s.problem(key, key + " must be more than 0 and at most " + MAX_CEILING.toSeconds() + " (7 days), found " + s.raw(key),
                    "set a number of seconds, e.g. " + key + " = 600");
            return null;
        }
        return d;
    }

    private static ResultParser parser(TomlSection s, List<String> results) {
        Object raw = s.raw("parser");
        if (raw == null) {
            return null;
        }
        String first = results.isEmpty() ? null : results.get(0);
        if (raw instanceof String type) {
            if (!ResultParser.TYPES.contains(type) || type.equals(ResultParser.REGEX)) {
                s.problem("parser", "parser '" + type + "' is not one of " + List.of(ResultParser.JSON, ResultParser.KEY_VALUE),
                        "write parser = \"json\" or \"key=value\"; a regex parser is a table: [benchmarks.NAME.parser] type = \"regex\" "
                                + "with [benchmarks.NAME.parser.patterns]");
                return null;
            }
            return checkFile(s, new ResultParser(type, first, Map.of()), results);
        }
        TomlSection p = s.table("parser");
        p.allowOnly(PARSER_KEYS);
        String type = p.requiredString("type", "add type = \"json\", \"key=value\" or \"regex\"");
        if (type == null) {
            return null;
        }
        if (!ResultParser.TYPES.contains(type)) {
            p.problem("type", "parser type '" + type + "' is not one of " + ResultParser.TYPES, "use one of them");
            return null;
        }
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        TomlSection pt = p.table("patterns");
        for (String k : pt.keys()) {
            String re = pt.string(k, null);
            if (re == null) {
                continue;
            }
            try {
                Pattern compiled = Pattern.compile(re);
                if (compiled.matcher("").groupCount() < 1) {
                    pt.problem(k, "pattern has no capture group", "put the value in parentheses, e.g. \"ops/s\\\\s+([0-9.]+)\"");
                } else {
                    patterns.put(k, compiled);
                }
            } catch (PatternSyntaxException e) {
                pt.problem(k, "not a valid regular expression: " + e.getDescription(), "fix the pattern (Java regex syntax)");
            }
        }
        if (type.equals(ResultParser.REGEX) && pt.keys().isEmpty()) {
            p.problem("patterns", "a regex parser needs patterns", "add [" + p.path() + ".patterns] with name = \"regex with one group\"");
        }
        if (!type.equals(ResultParser.REGEX) && !pt.keys().isEmpty()) {
            p.problem("patterns", "patterns apply to type \"regex\" only", "remove them or set type = \"regex\"");
        }
        return checkFile(p, new ResultParser(type, p.string("file", first), patterns), results);
    }

    private static ResultParser checkFile(TomlSection s, ResultParser parser, List<String> results) {
        if (parser.file() != null && !matchesAny(parser.file(), results)) {
            s.problem("file", "parser file '" + parser.file() + "' is not one of the results " + results, "name one of the collected files");
            return null;
        }
        if (parser.file() != null && parser.file().matches(".*[*?\\[].*")) {
            s.problem("file", "the parser reads one file; '" + parser.file() + "' is a glob", "set file = \"<one of the collected files>\"");
            return null;
        }
        return parser;
    }

    private static boolean matchesAny(String file, List<String> results) {
        for (String r : results) {
            if (r.equals(file) || java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + r).matches(Path.of(file))) {
                return true;
            }
        }
        return false;
    }

    private static Path path(TomlSection s, String key, AutomationConfig config) {
        String raw = s.string(key, null);
        if (raw == null) {
            return null;
        }
        if (raw.isBlank()) {
            s.problem(key, key + " is empty", "remove it, or set it to a path (relative to the config file's folder)");
            return null;
        }
        try {
            Path base = config.source() == null ? Path.of(".") : config.source().toAbsolutePath().getParent();
            return ConfigPaths.resolve(raw, base);
        } catch (InvalidPathException e) {
            s.problem(key, "not a valid path: " + e.getReason(), "write a plain file system path");
            return null;
        }
    }
}
