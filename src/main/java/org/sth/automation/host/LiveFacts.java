package org.sth.automation.host;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/** Host facts for live preflight: the discovery inventory plus the preflight probe's {@code have <cmd>} lines. */
public final class LiveFacts {

    private LiveFacts() {
    }

    /**
     * @param inventory   {@code host_inventory_snapshot.json} as discovery writes it ({@code arch}, {@code package_manager},
     *                    optional {@code os_family}; Linux when absent, since discovery probes {@code /etc/os-release})
     * @param probeStdout the preflight probe output, one {@code have <cmd>} or {@code missing <cmd>} per line
     */
    public static HostFacts from(JsonNode inventory, String probeStdout) {
        Set<String> have = new HashSet<>();
        for (String line : probeStdout.split("\n")) {
            if (line.startsWith("have ")) {
                have.add(line.substring(5).strip());
            }
        }
        JsonNode pm = inventory.path("package_manager");
        return new HostFacts(inventory.path("arch").asText(null), inventory.path("os_family").asText("linux"),
                pm.isTextual() ? pm.asText() : null, have, true);
    }

    /** Facts of a host discovery could not reach. */
    public static HostFacts unreachable() {
        return new HostFacts(null, null, null, Set.of(), false);
    }
}
