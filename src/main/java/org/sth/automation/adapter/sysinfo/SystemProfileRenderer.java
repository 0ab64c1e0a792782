package org.sth.automation.adapter.sysinfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.sth.automation.io.SafeText;

/** Renders summary.json as the human-readable system_profile.md; a missing value prints "Unknown". */
public final class SystemProfileRenderer {

    private static final String UNKNOWN = "Unknown";
    private static final String NONE = "—";

    private SystemProfileRenderer() {
    }

    /** The markdown profile (LF line endings, trailing newline). */
    public static String render(ObjectNode summary) {
        JsonNode host = obj(summary, "host");
        JsonNode cpu = obj(summary, "cpu");
        JsonNode memory = obj(summary, "memory");
        JsonNode software = obj(summary, "software");
        List<String> lines = new ArrayList<>();
        lines.add("# System Profile: " + SafeText.line(text(host, "name")));
        lines.add("");
        table(lines, "Identification");
        row(lines, "Hostname", text(host, "name"));
        row(lines, "Target hostname", text(host, "hostname"));
        row(lines, "Tags", host.path("tags").isEmpty() ? NONE : join(host.path("tags")));
        String os = software.hasNonNull("pretty_name") ? text(software, "pretty_name") : text(software, "os_release");
        row(lines, "OS", os);
        row(lines, "Kernel", text(software, "kernel"));
        row(lines, "Captured at", text(summary, "captured_at"));
        lines.add("");
        table(lines, "CPU");
        row(lines, "Model", text(cpu, "display_model"));
        row(lines, "Architecture", text(cpu, "architecture"));
        row(lines, "Vendor", text(cpu, "vendor"));
        row(lines, "Sockets", text(cpu, "sockets"));
        row(lines, "Physical cores", text(cpu, "physical_cores"));
        row(lines, "Logical CPUs", text(cpu, "logical_cores"));
        row(lines, "Threads per core", text(cpu, "threads_per_core"));
        row(lines, "NUMA nodes", text(cpu, "numa_nodes"));
        row(lines, "Base MHz", text(cpu, "base_mhz"));
        row(lines, "Max MHz", text(cpu, "max_mhz"));
        row(lines, "Governor", text(cpu, "governor"));
        row(lines, "L1d cache", text(cpu, "l1d_cache_kib") + " KiB");
        row(lines, "L1i cache", text(cpu, "l1i_cache_kib") + " KiB");
        row(lines, "L2 cache", text(cpu, "l2_cache_kib") + " KiB");
        row(lines, "L3 cache", text(cpu, "l3_cache_kib") + " KiB");
        lines.add("");
        memory(lines, memory);
        storage(lines, obj(summary, "storage"));
        network(lines, obj(summary, "network"));
        table(lines, "Collection", "| Status | Count |", "|---|---:|");
        Map<String, String> counts = new TreeMap<>();
        obj(obj(summary, "collection"), "status_counts").fields()
                .forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asText()));
        counts.forEach((status, count) -> lines.add("| " + cell(status) + " | " + cell(count) + " |"));
        lines.add("");
        lines.add("## Artifacts");
        lines.add("");
        lines.add("- Raw outputs are stored under `raw/`.");
        lines.add("- Topology artifacts are stored under `topology/`.");
        return String.join("\n", lines) + "\n";
    }

    private static void memory(List<String> lines, JsonNode memory) {
        table(lines, "Memory");
        row(lines, "Total memory", gib(memory.get("total_gib")) + " GiB");
        row(lines, "Installed memory from DMI", gib(memory.get("installed_gib")) + " GiB");
        row(lines, "Populated DIMMs / devices", text(memory, "populated_count") + " / " + text(memory, "slot_count"));
        row(lines, "Filled memory channels (best-effort)", text(memory, "filled_channel_count"));
        row(lines, "Channel inference source(s)", join(memory.path("filled_channel_sources")));
        row(lines, "Memory device slots in array", text(memory, "array_device_count"));
        row(lines, "Maximum array capacity", text(memory, "maximum_capacity"));
        row(lines, "DIMM capacities", join(memory.path("capacity_layout")));
        row(lines, "DIMM type(s)", join(memory.path("memory_types")));
        row(lines, "DIMM detail(s)", join(memory.path("type_details")));
        row(lines, "Form factor(s)", join(memory.path("form_factors")));
        row(lines, "Current configured speed(s)", join(memory.path("configured_memory_speeds")));
        row(lines, "Rated DIMM speed(s)", join(memory.path("rated_memory_speeds")));
        row(lines, "Manufacturer(s)", join(memory.path("manufacturers")));
        row(lines, "Part number(s)", join(memory.path("part_numbers")));
        lines.add("");
        lines.add("### DIMM Inventory");
        lines.add("");
        lines.add("| Locator | Bank | Channel | Size | Type | Running | Rated | Manufacturer | Part Number | Rank |");
        lines.add("|---|---|---|---|---|---|---|---|---|---|");
        int before = lines.size();
        for (JsonNode d : memory.path("devices")) {
            String type = d.hasNonNull("type_detail")
                    ? text(d, "type") + " / " + text(d, "type_detail") : text(d, "type");
            lines.add(cells(text(d, "locator"), text(d, "bank_locator"), text(d, "channel_label"), text(d, "size"),
                    type, text(d, "configured_speed"), text(d, "rated_speed"), text(d, "manufacturer"),
                    text(d, "part_number"), text(d, "rank")));
        }
        if (lines.size() == before) {
            lines.add(cells(NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE));
        }
        lines.add("");
    }

    private static void storage(List<String> lines, JsonNode storage) {
        table(lines, "Storage", "| Device | Type | Size | Model |", "|---|---|---|---|");
        int before = lines.size();
        for (JsonNode device : storage.path("devices")) {
            if ("disk".equals(device.path("type").asText())) {
                lines.add(cells(text(device, "name"), text(device, "type"), text(device, "size"), text(device, "model")));
            }
        }
        if (lines.size() == before) {
            lines.add(cells(NONE, NONE, NONE, NONE));
        }
        lines.add("");
    }

    private static void network(List<String> lines, JsonNode network) {
        table(lines, "Network", "| Description | Product | Logical name | Driver |", "|---|---|---|---|");
        int before = lines.size();
        for (JsonNode device : network.path("interfaces")) {
            lines.add(cells(text(device, "description"), text(device, "product"), text(device, "logical name"),
                    text(device, "configuration")));
        }
        if (lines.size() == before) {
            lines.add(cells(NONE, NONE, NONE, NONE));
        }
        lines.add("");
    }

    private static void table(List<String> lines, String title) {
        table(lines, title, "| Field | Value |", "|---|---|");
    }

    private static void table(List<String> lines, String title, String header, String separator) {
        lines.add("## " + title);
        lines.add("");
        lines.add(header);
        lines.add(separator);
    }

    private static void row(List<String> lines, String field, String value) {
        lines.add(cells(field, value));
    }

    private static String cells(String... values) {
        StringBuilder row = new StringBuilder("|");
        for (String value : values) {
            row.append(' ').append(cell(value)).append(" |");
        }
        return row.toString();
    }

    private static String cell(String value) {
        // A pipe or newline inside a value would break the table, a control character would drive a terminal
        // that shows the file; the original never escaped, we do.
        return SafeText.markdownCell(value);
    }

    private static String gib(JsonNode value) {
        return value == null || !value.isNumber() ? UNKNOWN : String.format(Locale.ROOT, "%.1f", value.asDouble());
    }

    private static String join(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> {
            if (!v.isNull() && !v.asText().isEmpty()) {
                values.add(v.asText());
            }
        });
        return values.isEmpty() ? UNKNOWN : String.join(", ", values);
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull() || value.isContainerNode() || value.asText().isEmpty()) {
            return UNKNOWN;
        }
        return value.asText();
    }

    private static JsonNode obj(JsonNode node, String key) {
        JsonNode value = node == null ? null : node.get(key);
        return value != null && value.isObject() ? value : JsonNodeFactory.instance.objectNode();
    }
}
