package org.sth.automation.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.sth.automation.io.Json;

/**
 * A campaign's hosts side by side: each host's system-info {@code summary.json} (CPU, cores/threads, sockets, NUMA,
 * memory, kernel), read from its run directory ({@code benchmarks/system-info/summary.json}); a host whose run has no
 * summary yet shows why.
 */
public final class CampaignTable {

    /** The rows, in order: key in the JSON, label on the page. */
    static final String[][] ROWS = {
        {"cpu", "CPU"}, {"cores_threads", "Cores / threads"}, {"sockets", "Sockets"}, {"numa_nodes", "NUMA nodes"},
        {"memory", "Memory"}, {"kernel", "Kernel"},
    };

    private CampaignTable() {
    }

    /** One entry per run: host, run id, whether a summary exists, and the row values (null where unknown). */
    public static ArrayNode of(List<ObjectNode> runs) {
        ArrayNode out = Json.array();
        for (ObjectNode run : runs) {
            ObjectNode h = out.addObject();
            h.put("host", run.path("host").asText());
            h.put("run_id", run.path("run_id").asText());
            Path summary = Path.of(run.path("run_dir").asText()).resolve("benchmarks/system-info/summary.json");
            h.put("summary_file", Files.exists(summary) ? summary.toString() : null);
            if (!Files.exists(summary)) {
                h.put("missing", run.path("benchmarks").toString().contains("system-info")
                        ? "no system-info summary yet (run " + run.path("state").asText() + ")" : "system-info not in this run");
                continue;
            }
            JsonNode s;
            try {
                s = Json.readObject(summary);
            } catch (RuntimeException e) {
                h.put("missing", "summary.json cannot be read: " + e.getMessage());
                continue;
            }
            JsonNode cpu = s.path("cpu");
            JsonNode mem = s.path("memory");
            h.put("cpu", text(cpu.path("display_model")));
            h.put("cores_threads", cpu.hasNonNull("physical_cores") || cpu.hasNonNull("logical_cores")
                    ? text(cpu.path("physical_cores"), "?") + " / " + text(cpu.path("logical_cores"), "?") : null);
            h.put("sockets", text(cpu.path("sockets")));
            h.put("numa_nodes", text(cpu.path("numa_nodes")));
            h.put("memory", memory(mem));
            h.put("kernel", kernel(s.path("software").path("kernel").asText(null)));
        }
        return out;
    }

    private static String memory(JsonNode mem) {
        if (mem.path("installed_gib").asDouble(0) > 0) {
            return String.format(Locale.ROOT, "%.0f GiB", mem.path("installed_gib").asDouble())
                    + (mem.hasNonNull("memory_type") ? " " + mem.path("memory_type").asText() : "")
                    + (mem.hasNonNull("configured_memory_speed") ? " @ " + mem.path("configured_memory_speed").asText() : "");
        }
        return mem.hasNonNull("total_gib") ? String.format(Locale.ROOT, "%.1f GiB usable", mem.path("total_gib").asDouble()) : null;
    }

    /** {@code uname -a} gives the release as its third field. */
    private static String kernel(String uname) {
        if (uname == null) {
            return null;
        }
        String[] f = uname.split("\\s+");
        return f.length >= 3 && f[0].equals("Linux") ? f[2] : uname;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n.asText();
    }

    private static String text(JsonNode n, String dflt) {
        String t = text(n);
        return t == null ? dflt : t;
    }
}
