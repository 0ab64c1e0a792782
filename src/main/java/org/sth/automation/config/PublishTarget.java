package org.sth.automation.config;

/** A {@code [publish.<target>]} table: where one benchmark's results are committed and pushed. */
public record PublishTarget(
        String name,
        String repoPathKey,
        String remote,
        String remoteUrl,
        String baseBranch,
        boolean pushLocal,
        boolean createPrLocal) {
}
