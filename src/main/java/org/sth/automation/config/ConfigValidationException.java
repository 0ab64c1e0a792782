package org.sth.automation.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every problem found in one configuration file, reported together so the operator can fix
 * them all in one go; {@link #key()} and {@link #fix()} are those of the first problem.
 */
public final class ConfigValidationException extends ConfigException {

    private final List<ConfigException> problems;

    public ConfigValidationException(String file, List<ConfigException> problems) {
        super(message(file, problems), file, first(problems).key(), summary(problems), first(problems).fix());
        this.problems = List.copyOf(problems);
    }

    public List<ConfigException> problems() {
        return problems;
    }

    private static ConfigException first(List<ConfigException> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigValidationException needs at least one problem");
        }
        return problems.get(0);
    }

    private static String summary(List<ConfigException> problems) {
        return problems.size() == 1 ? "1 configuration problem" : problems.size() + " configuration problems";
    }

    private static String message(String file, List<ConfigException> problems) {
        return file + ": " + summary(problems) + ":" + problems.stream()
                .map(p -> "\n  - " + p.getMessage())
                .collect(Collectors.joining());
    }
}
