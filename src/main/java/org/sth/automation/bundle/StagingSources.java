package org.sth.automation.bundle;

import java.nio.file.Path;
import java.util.Map;
import org.sth.automation.adapter.AdapterSpec;
import org.sth.automation.config.AutomationConfig;

/** The bundle sources a config offers an adapter: the captured cache ({@code bundle_cache_dir}) and the controller repo. */
public final class StagingSources {

    private StagingSources() {
    }

    public static BundleSources of(AutomationConfig config, AdapterSpec spec) {
        Path cache = config.paths().bundleCacheDir();
        Path dist = cache == null ? null : cache.resolve("dist");
        Path repo = config.paths().repos().get(spec.repoPathKey());
        return new BundleSources(Map.of(), cache, dist, Map.of(), repo);
    }
}
