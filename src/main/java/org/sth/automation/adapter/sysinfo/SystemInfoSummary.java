package org.sth.automation.adapter.sysinfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sth.automation.host.topology.CollectorTopology;
import org.sth.automation.host.topology.LscpuParser;
import org.sth.automation.host.topology.LscpuSummary;

/** Builds summary.json of a system-info collection from the raw files in its directory; a missing file gives nulls. */
public final class SystemInfoSummary {

    /** Output contract version shared with the original collector. */
    public static final String SCHEMA_VERSION = "1.0.0";
    /** Written where the original wrote its own version, so readers can tell the producers apart. */
    public static final String COLLECTOR_VERSION = "sth-bench-automation/0.1.0";

    private static final DateTimeFormatter ISO_UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'").withZone(ZoneOffset.UTC);

    private SystemInfoSummary() {
    }

    /** The original's {@code captured_at} form: UTC with microseconds and an explicit {@code +00:00}. */
    public static String formatTimestamp(Instant instant) {
        return ISO_UTC.format(instant);
    }

    /** The summary object; never throws for missing or malformed raw files. */
    public static ObjectNode build(Path collectionDir, HostInfo host, Instant capturedAt, List<CaptureRecord> captures) {
        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        summary.put("schema_version", SCHEMA_VERSION);
        summary.put("collector_version", COLLECTOR_VERSION);
        summary.put("captured_at", formatTimestamp(capturedAt));
        summary.set("host", host.toJson());
        summary.set("cpu", cpu(collectionDir));
        summary.set("memory", MemorySummary.build(read(collectionDir, "raw/meminfo.txt"),
                read(collectionDir, "raw/dmi_memory.txt")));
        summary.putObject("storage").set("devices", blockDevices(read(collectionDir, "raw/lsblk.json")));
        ArrayNode interfaces = summary.putObject("network").putArray("interfaces");
        LshwNetworkParser.interfaces(read(collectionDir, "raw/lshw_network.txt"))
                .forEach(device -> interfaces.add(toObject(device)));
        summary.set("software", software(collectionDir));
        ObjectNode artifacts = summary.putObject("topology_artifacts");
        artifacts.put("text", existing(collectionDir, "topology/lstopo.txt"));
        artifacts.put("xml", existing(collectionDir, "topology/lstopo.xml"));
        artifacts.put("svg", existing(collectionDir, "topology/lstopo.svg"));
        summary.set("collection", collection(captures));
        return summary;
    }

    private static ObjectNode cpu(Path dir) {
        String lscpu = read(dir, "raw/lscpu.txt");
        String csv = read(dir, "raw/lscpu-topology.csv");
        Map<String, String> values = LscpuParser.values(lscpu);
        LscpuSummary lscpuSummary = lscpu == null ? null : LscpuParser.summary(lscpu);
        CollectorTopology topology = lscpuSummary == null || csv == null ? null : CollectorTopology.parse(lscpuSummary, csv);

        ObjectNode cpu = JsonNodeFactory.instance.objectNode();
        cpu.put("architecture", LscpuParser.value(values, "Architecture"));
        cpu.put("vendor", LscpuParser.value(values, "Vendor ID"));
        cpu.put("display_model", lscpuSummary == null ? null : lscpuSummary.displayModel());
        ArrayNode models = cpu.putArray("model_names");
        if (lscpuSummary != null) {
            lscpuSummary.modelNames().forEach(models::add);
        }
        Integer sockets = lscpuSummary == null ? null : lscpuSummary.sockets();
        if ((sockets == null || sockets == 0) && topology != null && topology.distinctSockets() > 0) {
            sockets = (int) topology.distinctSockets();
        }
        cpu.put("sockets", sockets);
        cpu.put("physical_cores", topology == null ? null : topology.physicalCoreCount());
        cpu.put("logical_cores", topology == null ? null : topology.logicalCpuCount());
        cpu.put("threads_per_core", lscpuSummary == null ? null : lscpuSummary.threadsPerCore());
        cpu.put("numa_nodes", lscpuSummary == null ? null : lscpuSummary.numaNodes());
        cpu.put("base_mhz", LscpuParser.value(values, "CPU MHz"));
        cpu.put("max_mhz", LscpuParser.value(values, "CPU max MHz"));
        cpu.put("governor", stripped(read(dir, "raw/cpu_governor.txt")));
        cpu.put("l1d_cache_kib", LscpuParser.sizeToKib(LscpuParser.value(values, "L1d cache")));
        cpu.put("l1i_cache_kib", LscpuParser.sizeToKib(LscpuParser.value(values, "L1i cache")));
        cpu.put("l2_cache_kib", LscpuParser.sizeToKib(LscpuParser.value(values, "L2 cache")));
        cpu.put("l3_cache_kib", LscpuParser.sizeToKib(LscpuParser.value(values, "L3 cache")));
        cpu.put("flags_count", CpuinfoFlags.count(read(dir, "raw/cpuinfo.txt")));
        cpu.set("topology", topology == null ? null : topology.toJson());
        return cpu;
    }

    private static ObjectNode software(Path dir) {
        Map<String, String> osRelease = OsReleaseParser.parse(read(dir, "raw/os-release.txt"));
        List<Map<String, String>> system = DmidecodeParser.sections(read(dir, "raw/dmi_system.txt"), "System Information");
        ObjectNode software = JsonNodeFactory.instance.objectNode();
        software.put("pretty_name", osRelease.get("PRETTY_NAME"));
        software.put("os_release", osRelease.get("VERSION"));
        software.put("kernel", stripped(read(dir, "raw/uname.txt")));
        software.put("kernel_cmdline", stripped(read(dir, "raw/cmdline.txt")));
        software.put("transparent_hugepage", stripped(read(dir, "raw/transparent_hugepage.txt")));
        software.set("system_dmi", system.isEmpty() ? null : toObject(system.get(0)));
        return software;
    }

    private static ObjectNode collection(List<CaptureRecord> captures) {
        ObjectNode collection = JsonNodeFactory.instance.objectNode();
        collection.put("command_count", captures.size());
        Map<String, Integer> counts = new LinkedHashMap<>();
        captures.forEach(c -> counts.merge(c.status(), 1, Integer::sum));
        ObjectNode statusCounts = collection.putObject("status_counts");
        counts.forEach(statusCounts::put);
        ArrayNode commands = collection.putArray("commands");
        captures.forEach(c -> commands.add(c.toJson()));
        return collection;
    }

    private static JsonNode blockDevices(String lsblkJson) {
        if (lsblkJson == null || lsblkJson.isBlank()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        try {
            JsonNode devices = org.sth.automation.io.Json.MAPPER.readTree(lsblkJson).get("blockdevices");
            return devices != null && devices.isArray() ? devices : JsonNodeFactory.instance.arrayNode();
        } catch (IOException e) {
            // A truncated lsblk.json (capture killed mid-write) must not sink the summary; the raw file stays.
            return JsonNodeFactory.instance.arrayNode();
        }
    }

    private static ObjectNode toObject(Map<String, String> fields) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        fields.forEach(node::put);
        return node;
    }

    private static String existing(Path dir, String relative) {
        return Files.isRegularFile(dir.resolve(relative)) ? relative : null;
    }

    private static String stripped(String text) {
        if (text == null) {
            return null;
        }
        String value = text.strip();
        return value.isEmpty() ? null : value;
    }

    /** The file's text (invalid UTF-8 replaced), or null when it does not exist or cannot be read. */
    static String read(Path dir, String relative) {
        Path path = dir.resolve(relative);
        if (!Files.isRegularFile(path)) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(path)))
                    .toString();
        } catch (IOException e) {
            return null;
        }
    }
}
