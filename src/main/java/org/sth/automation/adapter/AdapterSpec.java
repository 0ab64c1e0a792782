package org.sth.automation.adapter;

import java.time.Duration;
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

    /** An adapter that stages no bundle. */
    public AdapterSpec(String name, String publishTargetKey, String repoPathKey, List<String> requiredCommands,
            List<String> optionalCommands, Duration defaultCeiling, List<String> resultFiles) {
        this(name, publishTargetKey, repoPathKey, requiredCommands, optionalCommands, defaultCeiling, resultFiles, Packaging.NONE);
    }
}
