package org.sth.automation.run;

import org.sth.automation.io.DocumentSchema;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.sth.automation.io.Json;
import org.sth.automation.io.Sha256;

/**
 * {@code artifact_manifest.json}: every collected file (benchmark results, preflight reports, step
 * manifests) with size, sha256 and the step that produced it. Rebuilt from the files themselves.
 */
public final class ArtifactManifest {

    private ArtifactManifest() {
    }

    public static ObjectNode rebuild(RunLayout layout, String runId) {
        ObjectNode m = Json.object();
        DocumentSchema.ARTIFACT_MANIFEST.stamp(m);
        m.put("run_id", runId);
        m.put("generated_at", Instant.now().toString());
        ArrayNode list = m.putArray("artifacts");
        for (Path root : List.of(layout.dir().resolve("benchmarks"), layout.preflightDir(), layout.dir().resolve("state/steps"))) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(root)) {
                for (Path f : s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                    String rel = layout.relative(f);
                    ObjectNode a = list.addObject();
                    a.put("path", rel);
                    a.put("size", Files.size(f));
                    a.put("sha256", Sha256.of(f));
                    a.put("producer_step", producer(rel));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list artifacts under " + root + ": " + e.getMessage(), e);
            }
        }
        Json.writeAtomically(layout.artifactManifest(), m);
        return m;
    }

    /** The manifest's files under {@code prefix} (e.g. {@code benchmarks/latency/}): path below it → sha256, sorted. */
    public static SortedMap<String, String> filesUnder(JsonNode manifest, String prefix) {
        SortedMap<String, String> out = new TreeMap<>();
        for (JsonNode a : manifest.path("artifacts")) {
            String path = a.path("path").asText();
            if (path.startsWith(prefix) && path.length() > prefix.length()) {
                out.put(path.substring(prefix.length()), a.path("sha256").asText());
            }
        }
        return out;
    }

    static String producer(String rel) {
        String[] p = rel.split("/");
        if (p[0].equals("benchmarks") && p.length > 2) {
            return p[1] + "/collect";
        }
        if (p[0].equals("preflight")) {
            return "preflight/preflight";
        }
        if (p[0].equals("state") && p.length > 3) {
            return p[2] + "/" + p[3].replace(".json", "");
        }
        return "unknown";
    }
}
