package org.sth.automation.publish;

/**
 * What publishing needs to know of a benchmark.
 *
 * @param benchmark   benchmark name (its results are {@code benchmarks/<benchmark>/})
 * @param targetKey   its {@code [publish.<target>]} table
 * @param repoPathKey its {@code [paths] <key>_repo}, used when the target names none
 */
public record PublishSubject(String benchmark, String targetKey, String repoPathKey) {
}
