package org.sth.automation.adapter.spi;

import java.time.Duration;
import java.util.List;
import org.sth.automation.bundle.Needs;
import org.sth.automation.bundle.Packaging;
import org.sth.automation.publish.PublishSubject;

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
 * @param requiredAnyOf        groups of interchangeable commands, one of each must exist on the host (e.g. a pinning
 *                             tool: {@code taskset} or {@code numactl})
 */
public record AdapterSpec(
        String name,
        String publishTargetKey,
        String repoPathKey,
        List<String> requiredCommands,
        List<String> optionalCommands,
        Duration defaultCeiling,
        List<String> resultFiles,
        Packaging packaging,
        List<List<String>> requiredAnyOf) {

    public AdapterSpec {
        packaging = packaging == null ? Packaging.NONE : packaging;
        requiredCommands = List.copyOf(requiredCommands);
        optionalCommands = List.copyOf(optionalCommands);
        resultFiles = List.copyOf(resultFiles);
        requiredAnyOf = requiredAnyOf == null ? List.of() : requiredAnyOf.stream().map(List::copyOf).toList();
    }

    /** An adapter without interchangeable command groups. */
    public AdapterSpec(String name, String publishTargetKey, String repoPathKey, List<String> requiredCommands,
            List<String> optionalCommands, Duration defaultCeiling, List<String> resultFiles, Packaging packaging) {
        this(name, publishTargetKey, repoPathKey, requiredCommands, optionalCommands, defaultCeiling, resultFiles, packaging, List.of());
    }

    /** This spec requiring one command of each group (e.g. {@code [[taskset, numactl]]}) besides its required commands. */
    public AdapterSpec withRequiredAnyOf(List<List<String>> groups) {
        return new AdapterSpec(name, publishTargetKey, repoPathKey, requiredCommands, optionalCommands, defaultCeiling, resultFiles,
                packaging, groups);
    }

    /**
     * This spec with {@code accepted} required commands demoted to optional: the operator's
     * {@code [execution.allow_missing_commands]} for hosts where a tool cannot be installed.
     */
    public AdapterSpec allowingMissing(List<String> accepted) {
        Needs n = needs().allowingMissing(accepted);
        return new AdapterSpec(name, publishTargetKey, repoPathKey, n.requiredCommands(), n.optionalCommands(),
                defaultCeiling, resultFiles, packaging, requiredAnyOf);
    }

    /** This spec with another packaging (e.g. a build command from the adapter's own config table). */
    public AdapterSpec withPackaging(Packaging other) {
        return new AdapterSpec(name, publishTargetKey, repoPathKey, requiredCommands, optionalCommands, defaultCeiling, resultFiles, other,
                requiredAnyOf);
    }

    /** What the benchmark needs on a host, for the resolver and the readiness classifier. */
    public Needs needs() {
        return new Needs(name, repoPathKey, requiredCommands, optionalCommands, packaging, requiredAnyOf);
    }

    /** What publishing needs to know of the benchmark. */
    public PublishSubject publishSubject() {
        return new PublishSubject(name, publishTargetKey, repoPathKey);
    }

    /** An adapter that stages no bundle. */
    public AdapterSpec(String name, String publishTargetKey, String repoPathKey, List<String> requiredCommands,
            List<String> optionalCommands, Duration defaultCeiling, List<String> resultFiles) {
        this(name, publishTargetKey, repoPathKey, requiredCommands, optionalCommands, defaultCeiling, resultFiles, Packaging.NONE);
    }
}
