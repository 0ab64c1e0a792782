package org.sth.automation.adapter.sysinfo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** Builds manifest.json of a system-info collection: versions, host, file names and every capture record. */
public final class SystemInfoManifest {

    /** File name of the summary inside the collection directory. */
    public static final String SUMMARY_PATH = "summary.json";
    /** File name of the markdown profile inside the collection directory. */
    public static final String PROFILE_PATH = "system_profile.md";
    /** File name of the manifest inside the collection directory. */
    public static final String MANIFEST_PATH = "manifest.json";

    private SystemInfoManifest() {
    }

    /** The manifest; {@code capturedAt} must be the same instant that was given to the summary. */
    public static ObjectNode build(Instant capturedAt, HostInfo host, List<CaptureRecord> captures) {
        ObjectNode manifest = JsonNodeFactory.instance.objectNode();
        manifest.put("schema_version", SystemInfoSummary.SCHEMA_VERSION);
        manifest.put("collector_version", SystemInfoSummary.COLLECTOR_VERSION);
        manifest.put("captured_at", SystemInfoSummary.formatTimestamp(capturedAt));
        manifest.set("host", host.toJson());
        manifest.put("summary_path", SUMMARY_PATH);
        manifest.put("system_profile_path", PROFILE_PATH);
        ArrayNode array = manifest.putArray("captures");
        captures.forEach(c -> array.add(c.toJson()));
        return manifest;
    }
}
