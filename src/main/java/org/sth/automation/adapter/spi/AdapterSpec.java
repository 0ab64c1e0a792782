package org.sth.automation.adapter.spi;

import org.sth.automation.bundle.Packaging;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The facts of one benchmark adapter, in one place: what it needs on the host and where its results go.
 *
 * @param name                 adapter name as used in {@code --benchmarks}, step manifests and run dirs
 * @param publishTargetKey     key of its {@code [publish.<target>]} table
 * @param repoPathKey          key of its local results repository in {@code [paths]} (without {@code _repo})
 * @param requiredCommands     commands that must exist on the host for the adapter to run
 * @param optionalCommands     commands whose absence degrades the results but does not block
 * @param defaultCeiling       default {@code max_execution_secs}
 * @param resultFiles          files (relative to the adapter's benchmark dir) a complete result contains
 * @param packaging            the bundle it needs and its fallbacks ({@link Packaging#NONE} for host tools only)
 */
public record AdapterSpec(
        String name,
        String publishTargetKey,
        String repoPathKey,
        List<String> requiredCommands,
        List<String> optionalCommands,
        Duration defaultCeiling,
        List<String> resultFiles,
        Packaging packaging) {

    public AdapterSpec {
        packaging = packaging == null ? Packaging.NONE : packaging;
        requiredCommands = List.copyOf(requiredCommands);
        optionalCommands = List.copyOf(optionalCommands);
        resultFiles = List.copyOf(resultFiles);
    }

    /**
     * This spec with {@code accepted} required commands demoted to optional: the operator's
     * {@code [execution.allow_missing_commands]} for hosts where a tool cannot be installed.
     */
    public AdapterSpec allowingMissing(List<String> accepted) {
        if (accepted.isEmpty()) {
            return this;
        }
        List<String> optional = new ArrayList<>(optionalCommands);
        requiredCommands.stream().filter(accepted::contains).forEach(optional::add);
        return new AdapterSpec(name, publishTargetKey, repoPathKey,
                requiredCommands.stream().filter(c -> !accepted.contains(c)).toList(), optional,
                defaultCeiling, resultFiles, packaging);
    }

    /** An adapter that stages no bundle. */
    public AdapterSpec(String name, String publishTargetKey, String repoPathKey, List<String> requiredCommands,
            List<String> optionalCommands, Duration defaultCeiling, List<String> resultFiles) {
        this(name, publishTargetKey, repoPathKey, requiredCommands, optionalCommands, defaultCeiling, resultFiles, Packaging.NONE);
    }
}
