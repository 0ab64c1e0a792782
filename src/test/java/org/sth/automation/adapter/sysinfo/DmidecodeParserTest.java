package org.sth.automation.adapter.sysinfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DmidecodeParserTest {

    @Test
    void ignoresThePasswordEchoBeforeTheFirstHandleInTheRealEvoX2File() {
        // given: the published file starts with "sthuser\r\n*******\b \b…\r\n"
        String text = RealResultSet.text(RealResultSet.EVO_X2, "raw/dmi_system.txt");

        // when
        List<DmiBlock> blocks = DmidecodeParser.blocks(text);

        // then
        assertThat(blocks).extracting(DmiBlock::title)
                .containsExactly("System Information", "System Configuration Options", "System Boot Information");
        assertThat(blocks.get(0).handle()).isEqualTo("0x0001");
        assertThat(blocks.get(0).dmiType()).isEqualTo(1);
        assertThat(blocks.get(0).fields()).containsEntry("Product Name", "NucBox_EVO-X2")
                .containsEntry("Family", "MINI").doesNotContainKey("sthuser");
        assertThat(blocks).allSatisfy(b -> assertThat(b.fields().toString()).doesNotContain("sthuser", "\r", "*"));
    }

    @Test
    void keepsBlankDmiValuesOfTheRealAmpereOneFileAsEmptyStrings() {
        // given
        String text = RealResultSet.text(RealResultSet.AMPONED8, "raw/dmi_system.txt");

        // when
        List<Map<String, String>> system = DmidecodeParser.sections(text, "System Information");

        // then
        assertThat(system).hasSize(1);
        assertThat(system.get(0)).containsEntry("Manufacturer", "").containsEntry("Product Name", "AMPONED8-2T/BCM");
    }

    @Test
    void countsTheMemoryDevicesOfBothRealFiles() {
        // given / when / then
        assertThat(DmidecodeParser.sections(RealResultSet.text(RealResultSet.AMPONED8, "raw/dmi_memory.txt"),
                "Memory Device")).hasSize(8);
        assertThat(DmidecodeParser.sections(RealResultSet.text(RealResultSet.EVO_X2, "raw/dmi_memory.txt"),
                "Memory Device")).hasSize(8).allSatisfy(d -> assertThat(d).containsEntry("Size", "16 GB"));
    }

    @Test
    void garbageThatLooksLikeASectionBeforeTheFirstHandleIsIgnored() {
        // given
        String text = "Memory Device\r\n\tSize: 1 TB\r\nHandle 0x0002, DMI type 17, 92 bytes\r\nMemory Device\r\n"
                + "\tSize: 64 GB\r\n\tLocator: A1\r\n";

        // when
        List<Map<String, String>> devices = DmidecodeParser.sections(text, "Memory Device");

        // then
        assertThat(devices).containsExactly(Map.of("Size", "64 GB", "Locator", "A1"));
    }

    @Test
    void nullOrEmptyTextHasNoBlocks() {
        // given / when / then
        assertThat(DmidecodeParser.blocks(null)).isEmpty();
        assertThat(DmidecodeParser.blocks("ubuntu\r\n\r\n# No SMBIOS nor DMI entry point found, sorry.\r\n")).isEmpty();
    }
}
