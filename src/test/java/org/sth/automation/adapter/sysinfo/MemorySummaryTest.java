package org.sth.automation.adapter.sysinfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class MemorySummaryTest {

    private static final String SYNTHETIC_DMI = String.join("\n",
            "Handle 0x0000, DMI type 16, 23 bytes",
            "Physical Memory Array",
            "\tMaximum Capacity: 512 GB",
            "\tNumber Of Devices: 4",
            "",
            "Handle 0x0001, DMI type 17, 92 bytes",
            "Memory Device",
            "\tSize: 64 GB",
            "\tForm Factor: DIMM",
            "\tLocator: CPU0_DIMM_A1",
            "\tBank Locator: P0 CHANNEL A DIMM 0",
            "\tType: DDR5",
            "\tType Detail: Registered (Buffered)",
            "\tSpeed: 6400 MT/s",
            "\tConfigured Memory Speed: 5600 MT/s",
            "\tManufacturer: Example Memory",
            "\tPart Number: EX-6400-64G",
            "\tRank: 2",
            "",
            "Handle 0x0002, DMI type 17, 92 bytes",
            "Memory Device",
            "\tSize: 64 GB",
            "\tLocator: CPU0_DIMM_B1",
            "\tBank Locator: P0 CHANNEL B DIMM 0",
            "\tType: DDR5",
            "\tSpeed: 6400 MT/s",
            "\tConfigured Memory Speed: Unknown",
            "\tPart Number: EX-6400-64G",
            "",
            "Handle 0x0003, DMI type 17, 92 bytes",
            "Memory Device",
            "\tSize: No Module Installed",
            "\tLocator: CPU0_DIMM_C1",
            "\tBank Locator: P0 CHANNEL C DIMM 0");

    @Test
    void reproducesTheCompletePublishedNewSchemaMemoryBlockOfEvoX2() {
        // given
        String meminfo = RealResultSet.text(RealResultSet.EVO_X2, "raw/meminfo.txt");
        String dmi = RealResultSet.text(RealResultSet.EVO_X2, "raw/dmi_memory.txt");
        JsonNode published = RealResultSet.json(RealResultSet.EVO_X2, "summary.json").get("memory");

        // when
        ObjectNode memory = MemorySummary.build(meminfo, dmi);

        // then
        assertThat(memory.get("total_gib").asDouble()).isEqualTo(published.get("total_gib").asDouble());
        memory.remove("total_gib");
        ((ObjectNode) published).remove("total_gib");
        assertThat(memory.toString()).isEqualTo(published.toString());
    }

    @Test
    void matchesTheOldSchemaFieldsPublishedForAmponed8() {
        // given
        String meminfo = RealResultSet.text(RealResultSet.AMPONED8, "raw/meminfo.txt");
        String dmi = RealResultSet.text(RealResultSet.AMPONED8, "raw/dmi_memory.txt");
        JsonNode published = RealResultSet.json(RealResultSet.AMPONED8, "summary.json").get("memory");

        // when
        ObjectNode memory = MemorySummary.build(meminfo, dmi);

        // then
        assertThat(memory.get("total_gib").asDouble()).isEqualTo(published.get("total_gib").asDouble());
        for (String key : new String[] {"slot_count", "populated_count", "memory_type", "memory_speed"}) {
            assertThat(memory.get(key)).as(key).isEqualTo(published.get(key));
        }
        assertThat(memory.get("devices")).hasSize(published.get("devices").size());
        for (int i = 0; i < 8; i++) {
            JsonNode device = memory.get("devices").get(i);
            JsonNode raw = published.get("devices").get(i);
            assertThat(device.get("locator").asText()).isEqualTo(raw.get("Locator").asText());
            assertThat(device.get("part_number").asText()).isEqualTo(raw.get("Part Number").asText());
        }
        assertThat(memory.get("installed_gib").asDouble()).isEqualTo(512.0);
        assertThat(memory.get("capacity_layout").toString()).isEqualTo("[\"8 x 64 GB\"]");
        assertThat(memory.get("rated_memory_speed").asText()).isEqualTo("5600 MT/s");
    }

    @Test
    void derivesTheNewFieldsFromASyntheticServerWithAnEmptySlot() {
        // given
        String meminfo = "MemTotal:       67108864 kB\n";

        // when
        ObjectNode memory = MemorySummary.build(meminfo, SYNTHETIC_DMI);

        // then
        assertThat(memory.get("total_gib").asDouble()).isEqualTo(64.0);
        assertThat(memory.get("installed_gib").asDouble()).isEqualTo(128.0);
        assertThat(memory.get("array_device_count").asInt()).isEqualTo(4);
        assertThat(memory.get("slot_count").asInt()).isEqualTo(3);
        assertThat(memory.get("populated_count").asInt()).isEqualTo(2);
        assertThat(memory.get("filled_channel_count").asInt()).isEqualTo(2);
        assertThat(memory.get("filled_channel_labels").toString()).isEqualTo("[\"Channel A\",\"Channel B\"]");
        assertThat(memory.get("maximum_capacity").asText()).isEqualTo("512 GB");
        assertThat(memory.get("memory_speed").asText()).isEqualTo("5600 MT/s");
        assertThat(memory.get("configured_memory_speed").asText()).isEqualTo("5600 MT/s");
        assertThat(memory.get("rated_memory_speed").asText()).isEqualTo("6400 MT/s");
        assertThat(memory.get("capacity_layout").toString()).isEqualTo("[\"2 x 64 GB\"]");
        assertThat(memory.get("part_numbers").toString()).isEqualTo("[\"EX-6400-64G\"]");
        assertThat(memory.get("manufacturers").toString()).isEqualTo("[\"Example Memory\"]");
        assertThat(memory.get("devices").get(1).get("configured_speed").isNull()).isTrue();
        assertThat(memory.get("devices").get(1).get("manufacturer").isNull()).isTrue();
    }

    @Test
    void zeroConfiguredSpeedFallsBackToTheRatedSpeed() {
        // given
        String dmi = "Handle 0x1, DMI type 17, 92 bytes\nMemory Device\n\tSize: 8 GB\n\tSpeed: 3200 MT/s\n"
                + "\tConfigured Memory Speed: 0 MT/s\n\tLocator: DIMM_B2\n";

        // when
        ObjectNode memory = MemorySummary.build(null, dmi);

        // then
        assertThat(memory.get("memory_speed").asText()).isEqualTo("3200 MT/s");
        assertThat(memory.get("configured_memory_speed").isNull()).isTrue();
        assertThat(memory.get("filled_channel_labels").toString()).isEqualTo("[\"DIMM B\"]");
        assertThat(memory.get("filled_channel_sources").toString()).isEqualTo("[\"locator:dimm\"]");
        assertThat(memory.get("total_gib").isNull()).isTrue();
    }

    @Test
    void missingDmiGivesNullCountsAndEmptyLists() {
        // given / when
        ObjectNode memory = MemorySummary.build(null, null);

        // then
        assertThat(memory.get("slot_count").isNull()).isTrue();
        assertThat(memory.get("populated_count").isNull()).isTrue();
        assertThat(memory.get("installed_gib").isNull()).isTrue();
        assertThat(memory.get("memory_type").isNull()).isTrue();
        assertThat(memory.get("devices")).isEmpty();
    }

    @Test
    void convertsDmiSizesToGib() {
        // given / when / then
        assertThat(MemorySummary.sizeGib("16384 MB")).isEqualTo(16.0);
        assertThat(MemorySummary.sizeGib("2 TB")).isEqualTo(2048.0);
        assertThat(MemorySummary.sizeGib("No Module Installed")).isNull();
        assertThat(MemorySummary.clean(" Not Specified ")).isNull();
        assertThat(MemorySummary.clean(" Kingston ")).isEqualTo("Kingston");
    }
}
