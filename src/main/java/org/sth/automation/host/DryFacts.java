package org.sth.automation.host;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Host facts for {@code validate --scope staging}, which does not connect: taken from config and
 * operator assumptions. An unknown arch stays {@code unknown}: arch-specific bundles are then accepted
 * and the readiness says they are re-checked live (see docs/bundles.md).
 */
public final class DryFacts {

    private DryFacts() {
    }

    /**
     * From assumption keys: {@code arch}, {@code os} (default linux), {@code package_manager},
     * {@code commands} (comma- or space-separated commands assumed present), {@code reachable} (default true).
     */
    public static HostFacts from(Map<String, String> assumptions) {
        String commands = assumptions.getOrDefault("commands", "");
        Set<String> have = Arrays.stream(commands.split("[,\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        return new HostFacts(assumptions.get("arch"), assumptions.get("os"), assumptions.get("package_manager"), have,
                !"false".equalsIgnoreCase(assumptions.getOrDefault("reachable", "true").strip()));
    }
}
