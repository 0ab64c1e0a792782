package org.sth.automation.bundle;

import java.nio.file.Path;
import java.util.Map;
import org.sth.automation.config.AutomationConfig;

/**
 * The bundle sources a config offers an adapter: its {@code [bundles.NAME]} path and builder, the captured
 * cache ({@code bundle_cache_dir}), the cache's {@code dist/} and the controller repo.
 */
public final class StagingSources {

    private StagingSources() {
    }

    public static BundleSources of(AutomationConfig config, Needs spec) {
        Path cache = config.paths().bundleCacheDir();
        Path dist = cache == null ? null : cache.resolve("dist");
        Path repo = config.paths().repos().get(spec.repoPathKey());
        AutomationConfig.BundleSettings own = config.bundles().get(spec.benchmark());
        Path bundle = own != null && own.path() != null ? own.path() : spec.configuredBundle();
        Map<String, Path> configured = bundle == null ? Map.of() : Map.of(spec.benchmark(), bundle);
        Map<String, Path> builders = own == null || own.builder() == null ? Map.of() : Map.of(spec.benchmark(), own.builder());
        return new BundleSources(configured, cache, dist, builders, repo);
    }
}
