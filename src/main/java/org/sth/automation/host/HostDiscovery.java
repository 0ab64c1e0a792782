package org.sth.automation.host;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.sth.automation.io.Json;

/**
 * What discovery asks a host and how its answers are read: the platform probe (arch, OS, package manager, sudo, CPUs)
 * and the CPU topology, parsed into {@code host_inventory_snapshot.json} fields.
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

    public static final String TOPOLOGY = "lscpu -p=CPU,CORE,SOCKET,NODE,ONLINE 2>/dev/null || true";

    /**
     * The {@code host_inventory_snapshot.json} object from the probe's and the topology command's output: written by
     * discover, and rebuilt from the saved output ({@code logs/commands/discover_*.stdout}) of a run directory that lost it.
     */
    public static ObjectNode inventory(String host, String hostname, java.util.List<String> hops, String probeOut, String topologyOut,
            Instant probedAt, int schemaVersion) {
        Map<String, String> facts = parseFacts(probeOut);
        ObjectNode inv = Json.object();
        inv.put("schema_version", schemaVersion);
        inv.put("host", host);
        inv.put("hostname", hostname);
        inv.put("state", "probed");
        inv.put("probed_at", probedAt.toString());
        if (hops == null) {
            inv.putNull("hop_chain");
        } else {
            hops.forEach(inv.putArray("hop_chain")::add);
        }
        inv.put("arch_raw", facts.getOrDefault("arch", "unknown"));
        inv.setAll(platform(facts));
        ObjectNode os = inv.putObject("os");
        os.put("id", facts.get("os_id"));
        os.put("version_id", facts.get("os_version"));
        os.put("pretty_name", facts.get("os_pretty_name"));
        os.put("kernel", facts.get("kernel"));
        inv.put("remote_user", facts.get("user"));
        inv.put("remote_uid", facts.get("uid"));
        inv.put("sudo", facts.getOrDefault("sudo", "unknown"));
        inv.put("online_cpus", parseInt(facts.get("online_cpus")));
        inv.put("online_cpu_list", facts.get("online_cpu_list"));
        inv.put("reported_hostname", facts.get("hostname"));
        inv.set("cpu_topology", topologySummary(topologyOut == null ? "" : topologyOut));
        return inv;
    }

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

    public static ObjectNode topologySummary(String csv) {
        Set<String> sockets = new TreeSet<>();
        Set<String> cores = new TreeSet<>();
        Set<String> nodes = new TreeSet<>();
        int logical = 0;
        for (String line : csv.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length < 4 || (f.length >= 5 && !f[4].isBlank() && !f[4].strip().matches("(?i)y|yes|1"))) {
                continue;
            }
            logical++;
            sockets.add(f[2]);
            cores.add(f[2] + ":" + f[1]);
            if (!f[3].isBlank()) {
                nodes.add(f[3]);
            }
        }
        ObjectNode t = Json.object();
        t.put("logical_cpus", logical);
        t.put("physical_cores", cores.size());
        t.put("sockets", sockets.size());
        t.put("numa_nodes", nodes.size());
        t.put("source", logical == 0 ? "unavailable" : "lscpu -p");
        return t;
    }

    public static Integer parseInt(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
