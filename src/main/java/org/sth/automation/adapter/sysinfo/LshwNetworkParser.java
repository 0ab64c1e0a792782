package org.sth.automation.adapter.sysinfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code lshw -C network} text: one map per {@code *-network} block with lshw's own keys
 * ("logical name", "bus info", "configuration"…). Progress text drawn with carriage returns is skipped.
 */
public final class LshwNetworkParser {

    private LshwNetworkParser() {
    }

    /** The interfaces in file order. */
    public static List<Map<String, String>> interfaces(String text) {
        List<Map<String, String>> devices = new ArrayList<>();
        if (text == null) {
            return devices;
        }
        Map<String, String> current = null;
        // String.lines() also splits on lone CR, so lshw's "\r\rDMI\r…\r  *-network" progress line yields the header.
        for (String raw : text.lines().toList()) {
            String stripped = raw.strip();
            if (stripped.startsWith("*-")) {
                if (current != null && !current.isEmpty()) {
                    devices.add(current);
                }
                current = stripped.startsWith("*-network") ? new LinkedHashMap<>() : null;
                continue;
            }
            int colon = stripped.indexOf(':');
            if (current == null || colon < 0) {
                continue;
            }
            current.put(stripped.substring(0, colon).strip(), stripped.substring(colon + 1).strip());
        }
        if (current != null && !current.isEmpty()) {
            devices.add(current);
        }
        return devices;
    }
}
