package org.sth.automation.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;

/**
 * Reads the TOML configuration once into immutable records and validates it; any problem
 * ends in a {@link ConfigValidationException} listing every problem found.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /** Loads {@code file}; relative paths inside it resolve against the file's folder. */
    public static AutomationConfig load(Path file) {
        String label = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw single(label, "configuration file not found",
                    "check the path, or start from configs/example-lab.toml");
        } catch (MalformedInputException e) {
            throw single(label, "configuration file is not valid UTF-8", "save the file as UTF-8");
        } catch (IOException e) {
            throw single(label, "cannot read configuration file: " + e.getClass().getSimpleName(),
                    "check that the path is a readable file");
        }
        Path absolute = file.toAbsolutePath().normalize();
        return parse(text, label, absolute.getParent(), absolute);
    }

    /** Parses TOML text; {@code fileLabel} names it in messages, {@code baseDir} anchors relative paths. */
    public static AutomationConfig parse(String toml, String fileLabel, Path baseDir) {
        Path base = baseDir.toAbsolutePath().normalize();
        Path source;
        try {
            source = base.resolve(fileLabel).normalize();
        } catch (InvalidPathException e) {
            source = base;
        }
        return parse(toml, fileLabel, base, source);
    }

    private static AutomationConfig parse(String toml, String fileLabel, Path baseDir, Path source) {
        Problems problems = new Problems(fileLabel);
        TomlParseResult result = Toml.parse(toml);
        if (result.hasErrors()) {
            for (TomlParseError e : result.errors()) {
                problems.add("line " + e.position().line() + ":" + e.position().column(),
                        "TOML syntax error: " + e.getMessage(),
                        "correct the TOML syntax at that position (strings need double quotes, "
                                + "one key = value per line, [table] and [[array-of-tables]] headers)");
            }
            problems.throwIfAny();
        }
        AutomationConfig config = new ConfigBinder(problems, baseDir)
                .bind(new TomlSection(result, "", problems), source);
        ConfigValidator.validate(config, problems);
        problems.throwIfAny();
        return config;
    }

    /** The host named {@code name} (the {@code --host} option), or a ConfigException listing the known hosts. */
    public static HostConfig requireHost(AutomationConfig config, String name) {
        return config.host(name).orElseThrow(() -> {
            String available = config.hosts().stream().map(HostConfig::name).sorted()
                    .collect(Collectors.joining(", "));
            String suggestion = KeySuggestions.nearest(name == null ? "" : name,
                            config.hosts().stream().map(HostConfig::name).toList())
                    .map(s -> "did you mean '" + s + "'? ").orElse("");
            return new ConfigException(String.valueOf(config.source()), "--host",
                    "Unknown host '" + name + "'. Available hosts: " + available,
                    suggestion + "pass one of the available hosts with --host, or add a [[hosts]] entry named '"
                            + name + "' to " + config.source());
        });
    }

    private static ConfigValidationException single(String file, String problem, String fix) {
        Problems p = new Problems(file);
        p.add("(file)", problem, fix);
        return new ConfigValidationException(file, p.list());
    }
}
