package org.sth.automation.adapter.sysinfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CaptureRecordTest {

    private static CaptureSpec spec(String id) {
        return SystemInfoCaptures.byId(id).orElseThrow();
    }

    @Test
    void exitZeroIsCapturedAndAlwaysHasItsStdoutFile() {
        // given / when
        CaptureRecord record = CaptureRecord.of(spec("cpu_governor"), 0, false, false, null);

        // then
        assertThat(record.status()).isEqualTo("captured");
        assertThat(record.captured()).isTrue();
        assertThat(record.stdoutPath()).isEqualTo("raw/cpu_governor.txt");
        assertThat(record.stderrPath()).isNull();
        assertThat(record.error()).isNull();
        assertThat(record.reason()).isNull();
    }

    @Test
    void nonZeroExitOfARequiredCaptureIsFailedWithItsStatusInTheError() {
        // given / when
        CaptureRecord record = CaptureRecord.of(spec("lscpu"), 2, true, true, "lscpu: bad usage");

        // then
        assertThat(record.status()).isEqualTo("failed");
        assertThat(record.exitStatus()).isEqualTo(2);
        assertThat(record.error()).isEqualTo("command exited with status 2");
        assertThat(record.stdoutPath()).isEqualTo("raw/lscpu.txt");
        assertThat(record.stderrPath()).isEqualTo("raw/lscpu.txt.stderr.txt");
        assertThat(record.reason()).isEqualTo("lscpu: bad usage");
    }

    @Test
    void nonZeroExitOfAnOptionalCaptureIsSkippedButKeepsErrorAndReason() {
        // given
        String stderr = "bash: line 1: lstopo: command not found\n";

        // when
        CaptureRecord record = CaptureRecord.of(spec("lstopo_text"), 127, false, true, stderr);

        // then
        assertThat(record.status()).isEqualTo("skipped");
        assertThat(record.stdoutPath()).isNull();
        assertThat(record.stderrPath()).isEqualTo("topology/lstopo.txt.stderr.txt");
        assertThat(record.error()).isEqualTo("command exited with status 127");
        assertThat(record.reason()).isEqualTo("lstopo not installed: sudo apt-get install -y hwloc-nox");
    }

    @Test
    void missingExitStatusCountsAsMinusOneLikeTheOriginal() {
        // given / when
        CaptureRecord record = CaptureRecord.of(spec("numactl"), null, false, false, null);

        // then
        assertThat(record.exitStatus()).isEqualTo(-1);
        assertThat(record.status()).isEqualTo("failed");
        assertThat(record.error()).isEqualTo("command exited with status -1");
        assertThat(record.reason()).startsWith("no exit status from the server");
    }

    @Test
    void reproducesTheFailedLstopoEntryOfEvoX2AndExplainsIt() {
        // given
        JsonNode published = RealResultSet.json(RealResultSet.EVO_X2, "manifest.json").get("captures").get(22);
        String stderr = RealResultSet.text(RealResultSet.EVO_X2, "topology/lstopo.txt.stderr.txt");

        // when
        ObjectNode json = CaptureRecord.of(spec("lstopo_text"), null, false, true, stderr).toJson();

        // then
        assertThat(json.remove("reason").asText()).contains("X display").contains("HWLOC_COMPONENTS=-gl");
        assertThat(json.toString()).isEqualTo(published.toString());
    }

    @Test
    void missingFileIsNamedInTheReason() {
        // given
        String stderr = "cat: /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor: No such file or directory\n";

        // when
        CaptureRecord record = CaptureRecord.of(spec("cpu_governor"), 1, false, true, stderr);

        // then
        assertThat(record.status()).isEqualTo("skipped");
        assertThat(record.reason())
                .isEqualTo("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor does not exist on the host");
    }

    @Test
    void sudoReportsAMissingProgramAsCommandNotFound() {
        // given / when
        CaptureRecord record = CaptureRecord.of(spec("dmi_memory"), 1, false, false,
                "sudo: dmidecode: command not found");

        // then
        assertThat(record.status()).isEqualTo("skipped");
        assertThat(record.reason()).isEqualTo("dmidecode not installed: sudo apt-get install -y dmidecode");
    }

    @ParameterizedTest
    @ValueSource(strings = {RealResultSet.AMPONED8, RealResultSet.EVO_X2})
    void reproducesEveryPublishedManifestEntryApartFromTheAddedReason(String resultSet) {
        // given
        JsonNode published = RealResultSet.json(resultSet, "manifest.json").get("captures");

        // when
        List<CaptureRecord> records = RealResultSet.capturesFromManifest(
                RealResultSet.json(resultSet, "manifest.json"));

        // then
        for (int i = 0; i < records.size(); i++) {
            ObjectNode json = records.get(i).toJson();
            json.remove("reason");
            assertThat(json.toString()).as(records.get(i).commandId()).isEqualTo(published.get(i).toString());
        }
    }
}
