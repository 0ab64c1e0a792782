package org.sth.automation.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@code [paths]}: where runs, spools and bundles live, and each benchmark's local results
 * repository ({@code <adapter>_repo} keys, e.g. {@code system_info_repo}).
 */
public record PathsConfig(Path runsRoot, Path workRoot, Path bundleCacheDir, Map<String, Path> repos) {

    public PathsConfig {
        repos = Map.copyOf(repos);
    }
}
