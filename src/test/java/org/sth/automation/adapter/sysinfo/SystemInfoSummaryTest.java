package org.sth.automation.adapter.sysinfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SystemInfoSummaryTest {

    @TempDir
    Path dir;

    private ObjectNode buildFromRealRawFiles(String resultSet) {
        JsonNode manifest = RealResultSet.json(resultSet, "manifest.json");
        RealResultSet.copyRaw(resultSet, dir);
        return SystemInfoSummary.build(dir, RealResultSet.host(manifest.get("host")),
                RealResultSet.capturedAt(manifest), RealResultSet.capturesFromManifest(manifest));
    }

    @ParameterizedTest
    @ValueSource(strings = {RealResultSet.AMPONED8, RealResultSet.EVO_X2})
    void reproducesThePublishedSectionsFromTheRawFiles(String resultSet) {
        // given
        JsonNode published = RealResultSet.json(resultSet, "summary.json");

        // when
        ObjectNode summary = buildFromRealRawFiles(resultSet);

        // then
        for (String section : List.of("captured_at", "host", "cpu", "storage", "network", "software",
                "topology_artifacts")) {
            assertThat(summary.get(section).toString()).as(section).isEqualTo(published.get(section).toString());
        }
        assertThat(summary.get("schema_version").asText()).isEqualTo("1.0.0");
        assertThat(summary.get("collector_version").asText()).isEqualTo("sth-bench-automation/0.1.0");
        JsonNode collection = summary.get("collection");
        assertThat(collection.get("command_count").asInt()).isEqualTo(25);
        assertThat(collection.get("status_counts").toString())
                .isEqualTo(published.get("collection").get("status_counts").toString());
        assertThat(collection.get("commands")).hasSize(25);
    }

    @Test
    void evoX2KeyFieldsAndNewMemorySchema() {
        // given
        JsonNode published = RealResultSet.json(RealResultSet.EVO_X2, "summary.json");

        // when
        ObjectNode summary = buildFromRealRawFiles(RealResultSet.EVO_X2);

        // then
        JsonNode cpu = summary.get("cpu");
        assertThat(cpu.get("display_model").asText()).isEqualTo("AMD RYZEN AI MAX+ 395 w/ Radeon 8060S");
        assertThat(cpu.get("physical_cores").asInt()).isEqualTo(16);
        assertThat(cpu.get("logical_cores").asInt()).isEqualTo(32);
        assertThat(cpu.get("l3_cache_kib").asLong()).isEqualTo(65536);
        assertThat(cpu.get("base_mhz").isNull()).isTrue();
        JsonNode memory = summary.get("memory");
        assertThat(memory.get("total_gib").asDouble()).isEqualTo(published.get("memory").get("total_gib").asDouble());
        ((ObjectNode) memory).remove("total_gib");
        ((ObjectNode) published.get("memory")).remove("total_gib");
        assertThat(memory.toString()).isEqualTo(published.get("memory").toString());
        assertThat(summary.get("topology_artifacts").get("xml").isNull()).isTrue();
        JsonNode lstopo = summary.get("collection").get("commands").get(22);
        assertThat(lstopo.get("status").asText()).isEqualTo("skipped");
        assertThat(lstopo.get("error").asText()).isEqualTo("command exited with status -1");
    }

    @Test
    void amponed8OldSchemaMemoryFieldsAndNetworkNames() {
        // given
        JsonNode published = RealResultSet.json(RealResultSet.AMPONED8, "summary.json").get("memory");

        // when
        ObjectNode summary = buildFromRealRawFiles(RealResultSet.AMPONED8);

        // then
        JsonNode memory = summary.get("memory");
        assertThat(memory.get("total_gib").asDouble()).isEqualTo(published.get("total_gib").asDouble());
        for (String key : List.of("slot_count", "populated_count", "memory_type", "memory_speed")) {
            assertThat(memory.get(key)).as(key).isEqualTo(published.get(key));
        }
        assertThat(summary.get("network").get("interfaces")).hasSize(3);
        assertThat(summary.get("cpu").get("l3_cache_kib").isNull()).isTrue();
        assertThat(summary.get("cpu").get("topology").get("sibling_pairs")).isEmpty();
        assertThat(summary.get("topology_artifacts").get("svg").asText()).isEqualTo("topology/lstopo.svg");
    }

    @Test
    void anEmptyCollectionGivesNullsInsteadOfExceptions() {
        // given
        HostInfo host = new HostInfo("ghost", null, null, "sthuser", 22, null);

        // when
        ObjectNode summary = SystemInfoSummary.build(dir, host, Instant.parse("2026-01-02T03:04:05Z"), List.of());

        // then
        assertThat(summary.get("captured_at").asText()).isEqualTo("2026-01-02T03:04:05.000000+00:00");
        assertThat(summary.get("host").get("hostname").asText()).isEqualTo("ghost");
        assertThat(summary.get("cpu").get("architecture").isNull()).isTrue();
        assertThat(summary.get("cpu").get("display_model").isNull()).isTrue();
        assertThat(summary.get("cpu").get("topology").isNull()).isTrue();
        assertThat(summary.get("cpu").get("flags_count").isNull()).isTrue();
        assertThat(summary.get("memory").get("total_gib").isNull()).isTrue();
        assertThat(summary.get("storage").get("devices")).isEmpty();
        assertThat(summary.get("network").get("interfaces")).isEmpty();
        assertThat(summary.get("software").get("kernel").isNull()).isTrue();
        assertThat(summary.get("software").get("system_dmi").isNull()).isTrue();
        assertThat(summary.get("collection").get("command_count").asInt()).isZero();
        assertThat(summary.get("collection").get("status_counts")).isEmpty();
    }

    @Test
    void aTruncatedLsblkJsonAndAMissingTopologyCsvDoNotSinkTheSummary() throws IOException {
        // given
        RealResultSet.copyRaw(RealResultSet.EVO_X2, dir);
        Files.writeString(dir.resolve("raw/lsblk.json"), "{\"blockdevices\": [ {\"name\": \"nv");
        Files.delete(dir.resolve("raw/lscpu-topology.csv"));
        HostInfo host = new HostInfo("evo-x2", "evo-x2", null, "sthuser", 22, List.of("x86_64"));

        // when
        ObjectNode summary = SystemInfoSummary.build(dir, host, Instant.now(), List.of());

        // then
        assertThat(summary.get("storage").get("devices")).isEmpty();
        assertThat(summary.get("cpu").get("topology").isNull()).isTrue();
        assertThat(summary.get("cpu").get("physical_cores").isNull()).isTrue();
        assertThat(summary.get("cpu").get("threads_per_core").asInt()).isEqualTo(2);
        assertThat(summary.get("cpu").get("sockets").asInt()).isEqualTo(1);
    }
}
