package org.sth.automation.bundle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one benchmark needs on a host, as the resolver and the readiness classifier read it.
 *
 * @param benchmark        benchmark name (bundle sources are keyed by it)
 * @param repoPathKey      its {@code [paths] <key>_repo} (the controller repository: repo fallback bundles, source tree)
 * @param requiredCommands commands that must exist on the host
 * @param optionalCommands commands whose absence degrades the results but does not block
 * @param packaging        the bundle it needs and its fallbacks
 * @param configuredBundle a bundle the benchmark's own config names (a declared benchmark's {@code bundle}); null when none
 * @param packageHints     command to the package that provides it, given by the operator (over the built-in table)
 * @param requiredAnyOf    groups of interchangeable commands, at least one of each group must exist on the host
 *                         (e.g. {@code [taskset, numactl]} for a benchmark that pins CPUs with whichever is there)
 */
public record Needs(String benchmark, String repoPathKey, List<String> requiredCommands, List<String> optionalCommands,
        Packaging packaging, Path configuredBundle, Map<String, String> packageHints, List<List<String>> requiredAnyOf) {

    /** Needs without a bundle of the benchmark's own or package hints. */
    public Needs(String benchmark, String repoPathKey, List<String> requiredCommands, List<String> optionalCommands, Packaging packaging) {
        this(benchmark, repoPathKey, requiredCommands, optionalCommands, packaging, null, Map.of());
    }

    /** Needs without interchangeable command groups. */
    public Needs(String benchmark, String repoPathKey, List<String> requiredCommands, List<String> optionalCommands, Packaging packaging,
            Path configuredBundle, Map<String, String> packageHints) {
        this(benchmark, repoPathKey, requiredCommands, optionalCommands, packaging, configuredBundle, packageHints, List.of());
    }

    public Needs {
        requiredCommands = List.copyOf(requiredCommands);
        optionalCommands = List.copyOf(optionalCommands);
        packaging = packaging == null ? Packaging.NONE : packaging;
        packageHints = packageHints == null ? Map.of() : Map.copyOf(packageHints);
        requiredAnyOf = requiredAnyOf == null ? List.of() : requiredAnyOf.stream().map(List::copyOf).filter(g -> !g.isEmpty()).toList();
    }

    /** These needs requiring one command of each group besides the required commands. */
    public Needs withRequiredAnyOf(List<List<String>> groups) {
        return new Needs(benchmark, repoPathKey, requiredCommands, optionalCommands, packaging, configuredBundle, packageHints, groups);
    }

    /**
     * These needs with {@code accepted} required commands demoted to optional: the operator's
     * {@code [execution.allow_missing_commands]} for hosts where a tool cannot be installed.
     */
    public Needs allowingMissing(List<String> accepted) {
        if (accepted.isEmpty()) {
            return this;
        }
        List<String> optional = new ArrayList<>(optionalCommands);
        requiredCommands.stream().filter(accepted::contains).forEach(optional::add);
        return new Needs(benchmark, repoPathKey, requiredCommands.stream().filter(c -> !accepted.contains(c)).toList(), optional,
                packaging, configuredBundle, packageHints, requiredAnyOf);
    }
}
