package org.sth.automation.adapter.sysinfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OsReleaseParserTest {

    @Test
    void readsTheRealUbuntu2604File() {
        // given
        String text = RealResultSet.text(RealResultSet.EVO_X2, "raw/os-release.txt");

        // when
        Map<String, String> values = OsReleaseParser.parse(text);

        // then
        assertThat(values).containsEntry("PRETTY_NAME", "Ubuntu 26.04 LTS")
                .containsEntry("VERSION", "26.04 (Resolute Raccoon)")
                .containsEntry("ID", "ubuntu");
    }

    @Test
    void unquotesAndSkipsComments() {
        // given
        String text = "# comment=ignored\nNAME='Fedora Linux'\nVERSION_ID=41\nbroken line\n";

        // when
        Map<String, String> values = OsReleaseParser.parse(text);

        // then
        assertThat(values).containsExactly(Map.entry("NAME", "Fedora Linux"), Map.entry("VERSION_ID", "41"));
        assertThat(OsReleaseParser.parse(null)).isEmpty();
    }
}
