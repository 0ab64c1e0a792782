package org.sth.automation.adapter.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.sth.automation.bundle.Needs;
import org.sth.automation.bundle.Packaging;
import org.sth.automation.config.ExecutionSettings;
import org.sth.automation.publish.PublishSubject;

/**
 * The facts of one benchmark adapter, in one place: what it needs on the host and where its results go.
 *
 * @param name                 adapter name as used in {@code --benchmarks}, step manifests and run dirs
 * @param publishTargetKey     key of its {@code [publish.<target>]} table
 * @param repoPathKey          key of its local results repository in {@code [paths]} (without {@code _repo})
 * @param requiredCommands     commands that must exist on the host for the adapter to run
 * @param optionalCommands     commands whose absence degrades the results but does not block
 * @param defaultCeiling       the adapter's default ceiling of one step
 * @param resultFiles          files (relative to the adapter's benchmark dir) a complete result contains
 * @param packaging            the bundle it needs and its fallbacks ({@link Packaging#NONE} for host tools only)
 * @param own                  settings the operator gave this benchmark itself (a declared benchmark's table);
 *                             {@link Own#NONE} for the built-in adapters
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
        Own own,
        List<List<String>> requiredAnyOf) {

    /**
     * Settings a benchmark's own config table gives it.
     *
     * @param ceiling      its ceiling ({@code ceiling_secs}), above every other source; null when not set
     * @param heartbeat    its heartbeat interval ({@code heartbeat_secs}); null: {@code [execution] heartbeat_secs}
     * @param bundle       its configured bundle ({@code bundle}): a {@code .tar.gz} with its manifest beside it, or a dir
     * @param packageHints the package that provides a required command, per command ({@code packages})
     * @param measurement  the measurement keys its table sets ({@code repeat}, {@code quiet_policy}, ...; docs/integrity.md)
     */
    public record Own(Duration ceiling, Duration heartbeat, Path bundle, Map<String, String> packageHints, Measurement measurement) {

        /** No settings of its own. */
        public static final Own NONE = new Own(null, null, null, Map.of(), Measurement.NONE);

        public Own {
            packageHints = packageHints == null ? Map.of() : Map.copyOf(packageHints);
            measurement = measurement == null ? Measurement.NONE : measurement;
        }
    }

    public AdapterSpec {
        packaging = packaging == null ? Packaging.NONE : packaging;
        requiredCommands = List.copyOf(requiredCommands);
        optionalCommands = List.copyOf(optionalCommands);
        resultFiles = List.copyOf(resultFiles);
        own = own == null ? Own.NONE : own;
        requiredAnyOf = requiredAnyOf == null ? List.of() : requiredAnyOf.stream().map(List::copyOf).toList();
    }

    /** A spec without interchangeable command groups. */
    public AdapterSpec(String name, String publishTargetKey, String repoPathKey, List<String> requiredCommands,
            List<String> optionalCommands, Duration defaultCeiling, List<String> resultFiles, Packaging packaging, Own own) {
        this(name, publishTargetKey, repoPathKey, requiredCommands, optionalCommands, defaultCeiling, resultFiles, packaging, own, List.of());
    }

    /** This spec requiring one command of each group (e.g. {@code [[taskset, numactl]]}) besides its required commands. */
    public AdapterSpec withRequiredAnyOf(List<List<String>> groups) {
        return new AdapterSpec(name, publishTargetKey, repoPathKey, requiredCommands, optionalCommands, defaultCeiling, resultFiles,
                packaging, own, groups);
    }

    /** A built-in adapter's spec (no settings of its own). */
    public AdapterSpec(String name, String publishTargetKey, String repoPathKey, List<String> requiredCommands,
            List<String> optionalCommands, Duration defaultCeiling, List<String> resultFiles, Packaging packaging) {
        this(name, publishTargetKey, repoPathKey, requiredCommands, optionalCommands, defaultCeiling, resultFiles, packaging, Own.NONE);
    }

    /** An adapter that stages no bundle. */
    public AdapterSpec(String name, String publishTargetKey, String repoPathKey, List<String> requiredCommands,
            List<String> optionalCommands, Duration defaultCeiling, List<String> resultFiles) {
        this(name, publishTargetKey, repoPathKey, requiredCommands, optionalCommands, defaultCeiling, resultFiles, Packaging.NONE);
    }

    /**
     * This spec with {@code accepted} required commands demoted to optional: the operator's
     * {@code [execution.allow_missing_commands]} for hosts where a tool cannot be installed.
     */
    public AdapterSpec allowingMissing(List<String> accepted) {
        Needs n = needs().allowingMissing(accepted);
        return new AdapterSpec(name, publishTargetKey, repoPathKey, n.requiredCommands(), n.optionalCommands(),
                defaultCeiling, resultFiles, packaging, own, requiredAnyOf);
    }

    /** This spec with another packaging (e.g. a build command from the adapter's own config table). */
    public AdapterSpec withPackaging(Packaging other) {
        return new AdapterSpec(name, publishTargetKey, repoPathKey, requiredCommands, optionalCommands, defaultCeiling, resultFiles,
                other, own, requiredAnyOf);
    }

    /** The ceiling of one step of this benchmark under {@code execution} (see {@link ExecutionSettings#ceiling}). */
    public Duration ceiling(ExecutionSettings execution) {
        return execution.ceiling(name, own.ceiling(), defaultCeiling);
    }

    /** The heartbeat interval of this benchmark's steps under {@code execution}. */
    public Duration heartbeat(ExecutionSettings execution) {
        return own.heartbeat() != null ? own.heartbeat() : execution.heartbeatInterval();
    }

    /** What the benchmark needs on a host, for the resolver and the readiness classifier. */
    public Needs needs() {
        return new Needs(name, repoPathKey, requiredCommands, optionalCommands, packaging, own.bundle(), own.packageHints(),
                requiredAnyOf);
    }

    /** What publishing needs to know of the benchmark. */
    public PublishSubject publishSubject() {
        return new PublishSubject(name, publishTargetKey, repoPathKey);
    }
}
