package org.sth.automation.adapter.sysinfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Writes summary.json, system_profile.md and manifest.json of a finished collection, all with one captured_at. */
public final class SystemInfoWriter {

    /** Where the three documents were written. */
    public record Outputs(Path summary, Path profile, Path manifest) {
    }

    private SystemInfoWriter() {
    }

    /** Builds and writes the three documents from the raw files already stored in {@code collectionDir}. */
    public static Outputs write(Path collectionDir, HostInfo host, Instant capturedAt, List<CaptureRecord> captures) {
        ObjectNode summary = SystemInfoSummary.build(collectionDir, host, capturedAt, captures);
        ObjectNode manifest = SystemInfoManifest.build(capturedAt, host, captures);
        Outputs outputs = new Outputs(collectionDir.resolve(SystemInfoManifest.SUMMARY_PATH),
                collectionDir.resolve(SystemInfoManifest.PROFILE_PATH),
                collectionDir.resolve(SystemInfoManifest.MANIFEST_PATH));
        CaptureFiles.write(outputs.summary(), pretty(summary));
        CaptureFiles.write(outputs.profile(), SystemProfileRenderer.render(summary).getBytes(StandardCharsets.UTF_8));
        CaptureFiles.write(outputs.manifest(), pretty(manifest));
        return outputs;
    }

    /** Two-space indented JSON with one array element per line, close to the original's {@code json.dumps(indent=2)}. */
    static byte[] pretty(ObjectNode node) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(
                Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
                .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        try {
            return org.sth.automation.io.Json.MAPPER.writer(printer).writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + node.getClass().getSimpleName(), e);
        }
    }
}
