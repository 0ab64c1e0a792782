package org.sth.automation.host;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sth.automation.io.Json;

/**
 * What discovery asks a host about its platform (arch, OS, package manager, sudo, CPUs) and how the answers are read
 * into {@code host_inventory_snapshot.json} fields; the CPU topology has its own probe ({@code host.topology.TopologyProbe}).
 */
public final class HostDiscovery {

    private HostDiscovery() {
    }

    public static final String PROBE = String.join("; ",
            "echo \"arch=$(uname -m)\"",
            "echo \"kernel=$(uname -r)\"",
            "if [ -r /etc/os-release ]; then . /etc/os-release; fi",
            "echo \"os_id=${ID:-unknown}\"",
            "echo \"os_version=${VERSION_ID:-unknown}\"",
            "echo \"os_pretty_name=${PRETTY_NAME:-unknown}\"",
            "pm=none; for c in " + String.join(" ", PackageManagers.PROBE_ORDER) + "; do if command -v $c >/dev/null 2>&1; then pm=$c; break; fi; done; echo \"package_manager=$pm\"",
            "echo \"uid=$(id -u)\"",
            "echo \"user=$(id -un)\"",
            "if [ \"$(id -u)\" = 0 ]; then echo sudo=root; elif sudo -n true 2>/dev/null; then echo sudo=passwordless; "
                    + "elif command -v sudo >/dev/null 2>&1; then echo sudo=password_required; else echo sudo=missing; fi",
            "echo \"online_cpus=$(getconf _NPROCESSORS_ONLN)\"",
            "echo \"online_cpu_list=$(cat /sys/devices/system/cpu/online 2>/dev/null)\"",
            "echo \"hostname=$(hostname 2>/dev/null || cat /etc/hostname)\"");


    /** {@code arch} (normalised) and {@code package_manager} (null when none), as the readiness classifier reads them. */
    public static ObjectNode platform(Map<String, String> facts) {
        ObjectNode p = Json.object();
        p.put("arch", normalizeArch(facts.getOrDefault("arch", "unknown")));
        String pm = facts.get("package_manager");
        p.put("package_manager", pm == null || "none".equals(pm) ? null : pm);
        return p;
    }

    public static Map<String, String> parseFacts(String text) {
        Map<String, String> facts = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                facts.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return facts;
    }

    /** Architecture aliases normalised: arm64/aarch64 → aarch64, amd64/x86_64 → x86_64. */
    public static String normalizeArch(String raw) {
        return org.sth.automation.host.Arch.normalize(raw);
    }

    public static Integer parseInt(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
