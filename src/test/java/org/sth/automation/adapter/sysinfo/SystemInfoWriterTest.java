package org.sth.automation.adapter.sysinfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemInfoWriterTest {

    private static final String PASSWORD = "sthuser";

    @TempDir
    Path dir;

    /** Replays evo-x2 as the SSH layer would hand it over: published raw bytes, lstopo failed with exit -1. */
    private List<CaptureRecord> replayEvoX2() {
        Path source = RealResultSet.root(RealResultSet.EVO_X2);
        List<CaptureRecord> records = new ArrayList<>();
        for (CaptureSpec spec : SystemInfoCaptures.ALL) {
            Path stdout = source.resolve(spec.target());
            Path stderr = source.resolve(spec.stderrTarget());
            if (Files.exists(stderr)) {
                records.add(CaptureFiles.store(dir, spec, null, new byte[0], read(stderr), PASSWORD));
            } else {
                // df, ip, lspci, numactl and two dmi outputs were not copied into test resources
                byte[] out = Files.exists(stdout) ? read(stdout) : ("stand-in for " + spec.id()).getBytes();
                records.add(CaptureFiles.store(dir, spec, 0, out, new byte[0], PASSWORD));
            }
        }
        return records;
    }

    @Test
    void writesTheThreeDocumentsAndReproducesThePublishedProfile() throws IOException {
        // given
        JsonNode published = RealResultSet.json(RealResultSet.EVO_X2, "manifest.json");
        List<CaptureRecord> records = replayEvoX2();

        // when
        SystemInfoWriter.Outputs outputs = SystemInfoWriter.write(dir, RealResultSet.host(published.get("host")),
                RealResultSet.capturedAt(published), records);

        // then
        assertThat(outputs.profile()).hasContent(RealResultSet.text(RealResultSet.EVO_X2, "system_profile.md"));
        JsonNode summary = new ObjectMapper().readTree(outputs.summary().toFile());
        assertThat(summary.get("collection").get("status_counts").toString()).isEqualTo("{\"captured\":22,\"skipped\":3}");
        assertThat(summary.get("memory").get("installed_gib").asDouble()).isEqualTo(128.0);
        JsonNode manifest = new ObjectMapper().readTree(outputs.manifest().toFile());
        assertThat(manifest.get("captured_at").asText()).isEqualTo(published.get("captured_at").asText());
        assertThat(manifest.get("captures")).hasSize(25);
        assertThat(Files.readString(outputs.summary())).startsWith("{\n  \"schema_version\": \"1.0.0\",\n");
    }

    @Test
    void noStoredCaptureFileContainsTheSudoPassword() throws IOException {
        // given
        replayEvoX2();

        // when
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }

        // then
        assertThat(files).hasSize(25);
        assertThat(files).allSatisfy(file -> assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                .as(file.toString()).doesNotContain(PASSWORD));
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
