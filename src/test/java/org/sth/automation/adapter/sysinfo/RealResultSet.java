package org.sth.automation.adapter.sysinfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The two published STH-System-Info result sets copied into test resources (see SOURCE.txt there). */
public final class RealResultSet {

    public static final String AMPONED8 = "amponed8";
    public static final String EVO_X2 = "evo-x2";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RealResultSet() {
    }

    public static Path root(String name) {
        try {
            return Path.of(RealResultSet.class.getResource("/realdata/01-sth-system-info/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A writable copy of the raw/ and topology/ files only (no published summary), so tests can remove files. */
    public static Path copyRaw(String name, Path target) {
        Path source = root(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = source.relativize(file).toString().replace('\\', '/');
                if (relative.startsWith("raw/") || relative.startsWith("topology/")) {
                    Path destination = target.resolve(relative);
                    Files.createDirectories(destination.getParent());
                    Files.copy(file, destination);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name, String relative) {
        try {
            return Files.readString(root(name).resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(String name, String relative) {
        try {
            return Files.readAllBytes(root(name).resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode json(String name, String relative) {
        try {
            return (ObjectNode) MAPPER.readTree(text(name, relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static HostInfo host(JsonNode host) {
        List<String> tags = new ArrayList<>();
        host.get("tags").forEach(t -> tags.add(t.asText()));
        return new HostInfo(host.get("name").asText(), host.get("hostname").asText(),
                host.get("display_name").isNull() ? null : host.get("display_name").asText(),
                host.get("username").asText(), host.get("port").asInt(), tags);
    }

    public static Instant capturedAt(JsonNode document) {
        return OffsetDateTime.parse(document.get("captured_at").asText()).toInstant();
    }

    /** Our records for the captures the original manifest lists, derived only from exit status and file presence. */
    public static List<CaptureRecord> capturesFromManifest(JsonNode manifest) {
        List<CaptureRecord> records = new ArrayList<>();
        for (JsonNode entry : manifest.get("captures")) {
            CaptureSpec spec = SystemInfoCaptures.byId(entry.get("command_id").asText()).orElseThrow();
            records.add(CaptureRecord.of(spec, entry.get("exit_status").asInt(), !entry.get("stdout_path").isNull(),
                    !entry.get("stderr_path").isNull(), null));
        }
        return records;
    }
}
