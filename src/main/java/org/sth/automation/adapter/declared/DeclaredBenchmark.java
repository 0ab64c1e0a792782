package org.sth.automation.adapter.declared;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.sth.automation.adapter.spi.Measurement;

/**
 * One {@code [benchmarks.NAME]} table: a benchmark the operator declares in the config, run through every phase like
 * a built-in one.
 *
 * @param name          the benchmark name ({@code --benchmarks}, run directory, step manifests)
 * @param description   what it measures, for people
 * @param command       the shell command, run in the benchmark's scratch directory on the host; null with {@code script}
 * @param script        a script inside the benchmark's bundle, run with {@code sh}; null with {@code command}
 * @param requires      host commands it needs (readiness blocks the run without them)
 * @param packages      command to the package that provides it, for the install hint
 * @param bundle        a bundle staged before it runs ({@code .tar.gz} with its manifest beside it, or a dir); null when none
 * @param ceiling       its ceiling; null: {@code [execution] max_execution_secs}, else {@link DeclaredBenchmarks#DEFAULT_CEILING}
 * @param heartbeat     its heartbeat interval; null: {@code [execution] heartbeat_secs}
 * @param results       files or globs to collect, relative to its scratch directory
 * @param parser        how a result file becomes {@code summary.json}; null when it has none
 * @param publishTarget its {@code [publish.<target>]} key
 * @param repoPathKey   its {@code [paths] <key>_repo}
 * @param measurement   the measurement keys its table sets ({@code repeat}, {@code quiet_policy}, ...; docs/integrity.md)
 */
public record DeclaredBenchmark(String name, String description, String command, String script, List<String> requires,
        Map<String, String> packages, Path bundle, Duration ceiling, Duration heartbeat, List<String> results, ResultParser parser,
        String publishTarget, String repoPathKey, Measurement measurement) {

    public DeclaredBenchmark {
        requires = List.copyOf(requires);
        packages = Map.copyOf(packages);
        results = List.copyOf(results);
        measurement = measurement == null ? Measurement.NONE : measurement;
    }
}
