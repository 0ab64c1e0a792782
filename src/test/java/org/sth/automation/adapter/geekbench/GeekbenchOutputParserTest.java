package org.sth.automation.adapter.geekbench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class GeekbenchOutputParserTest {

    private static GeekbenchResult parse(String file) {
        String path = "/realdata/03-geekbench/" + file;
        try (InputStream in = Objects.requireNonNull(GeekbenchOutputParserTest.class.getResourceAsStream(path), path)) {
            return GeekbenchOutputParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void gb650UploadWithoutClaimLines() {
        // when
        GeekbenchResult r = parse("gb6.5.0_linux-x86_64_hetzner_upload-succeeded_NO-claim-lines-shown.txt");

        // then
        assertThat(r.outcome()).isEqualTo(GeekbenchOutcome.UPLOADED);
        assertThat(r.majorVersion()).isEqualTo(6);
        assertThat(r.version()).isEqualTo("6.5.0");
        assertThat(r.edition()).isNull();
        assertThat(r.resultUrl()).isEqualTo("https://browser.geekbench.com/v6/cpu/14756300");
        assertThat(r.claimUrl()).isNull();
        assertThat(r.singleCoreScore()).isNull();
        assertThat(r.multiCoreScore()).isNull();
        assertThat(r.hasResult()).isTrue();
        assertThat(r.notes()).isEmpty();
    }

    @Test
    void gb622UploadWithClaimDespiteTheAuthorsInsertedLine() {
        // when
        GeekbenchResult r = parse("gb6.2.2_linux-x86_64_rocky9-vmware_upload-succeeded_WITH-claim-url.txt");

        // then
        assertThat(r.outcome()).isEqualTo(GeekbenchOutcome.UPLOADED_WITH_CLAIM);
        assertThat(r.version()).isEqualTo("6.2.2");
        assertThat(r.majorVersion()).isEqualTo(6);
        assertThat(r.resultUrl()).isEqualTo("https://browser.geekbench.com/v6/cpu/13890045");
        assertThat(r.claimUrl()).isEqualTo("https://browser.geekbench.com/v6/cpu/13890045/claim?key=354758");
        assertThat(r.lastSection()).isEqualTo("Multi-Core");
    }

    @Test
    void gb540TailOnlyTakesTheVersionFromTheUrl() {
        // when
        GeekbenchResult r = parse("gb5.4.0_linux-aarch64-preview_upload-succeeded_WITH-claim-url.txt");

        // then
        assertThat(r.outcome()).isEqualTo(GeekbenchOutcome.UPLOADED_WITH_CLAIM);
        assertThat(r.majorVersion()).isEqualTo(5);
        assertThat(r.version()).isNull();
        assertThat(r.resultUrl()).isEqualTo("https://browser.geekbench.com/v5/cpu/18158036");
        assertThat(r.claimUrl()).isEqualTo("https://browser.geekbench.com/v5/cpu/18158036/claim?key=545201");
    }

    @Test
    void gb4CommentedOutputIsReadThroughTheHashPrefix() {
        // when
        GeekbenchResult r = parse("gb4_upload-succeeded_WITH-claim-url_from-awk-script-comments.txt");

        // then
        assertThat(r.outcome()).isEqualTo(GeekbenchOutcome.UPLOADED_WITH_CLAIM);
        assertThat(r.majorVersion()).isEqualTo(4);
        assertThat(r.resultUrl()).isEqualTo("https://browser.geekbench.com/v4/cpu/12212476");
        assertThat(r.claimUrl()).isEqualTo("https://browser.geekbench.com/v4/cpu/12212476/claim?key=589037");
    }

    @Test
    void gb3OldPrimatelabsUrlScheme() {
        // when
        GeekbenchResult r = parse("gb3_tail_upload-succeeded_OLD-claim-url-format.txt");

        // then
        assertThat(r.outcome()).isEqualTo(GeekbenchOutcome.UPLOADED_WITH_CLAIM);
        assertThat(r.majorVersion()).isEqualTo(3);
        assertThat(r.resultUrl()).isEqualTo("http://browser.primatelabs.com/geekbench3/9072455");
        assertThat(r.claimUrl()).isEqualTo("http://browser.primatelabs.com/geekbench3/claim/9072455?key=154957");
    }

    @Test
    void gb330TryoutBannerOnly() {
        // when
        GeekbenchResult r = parse("gb3.3.0_tryout-mode_banner.txt");

        // then
        assertThat(r.outcome()).isEqualTo(GeekbenchOutcome.TRYOUT_BANNER_ONLY);
        assertThat(r.version()).isEqualTo("3.3.0");
        assertThat(r.majorVersion()).isEqualTo(3);
        assertThat(r.edition()).isEqualTo("Tryout");
        assertThat(r.resultUrl()).isNull();
        assertThat(r.hasResult()).isFalse();
    }

    @Test
    void gb523TryoutExcerptCutDuringSystemInformationIsInterrupted() {
        // when
        GeekbenchResult r = parse("gb5.2.3_tryout_windows_clvk-issue-298.EXCERPT.txt");

        // then
        assertThat(r.outcome()).isEqualTo(GeekbenchOutcome.INTERRUPTED);
        assertThat(r.version()).isEqualTo("5.2.3");
        assertThat(r.edition()).isEqualTo("Tryout");
        assertThat(r.lastSection()).isEqualTo("System Information");
        assertThat(r.notes()).contains("no result section after 'System Information'");
    }

    @Test
    void gb603PreviewExcerptCutDuringMultiCoreIsInterrupted() {
        // when
        GeekbenchResult r = parse("gb6.0.3-preview_linux-aarch64_sbc-bench-issue-68.EXCERPT.txt");

        // then
        assertThat(r.outcome()).isEqualTo(GeekbenchOutcome.INTERRUPTED);
        assertThat(r.version()).isEqualTo("6.0.3");
        assertThat(r.edition()).isEqualTo("Preview");
        assertThat(r.lastSection()).isEqualTo("Multi-Core");
        assertThat(r.singleCoreWorkloads()).isEmpty();
    }

    @Test
    void gb620CtrlCDuringSingleCoreFollowedByHelpIsInterrupted() {
        // when
        GeekbenchResult r = parse("gb6.2.0_linux-x86_64_slackware_INTERRUPTED-ctrl-c-under-perf_and_--help.txt");

        // then
        assertThat(r.outcome()).isEqualTo(GeekbenchOutcome.INTERRUPTED);
        assertThat(r.version()).isEqualTo("6.2.0");
        assertThat(r.lastSection()).isEqualTo("Single-Core");
        assertThat(r.notes()).contains("interrupted with Ctrl-C (^C in the capture)");
        assertThat(r.resultUrl()).isNull();
    }

    @Test
    void helpTextAloneIsFailed() {
        // when
        GeekbenchResult r = parse("gb6.x_help_flags_with-opencl-vulkan-warnings.txt");

        // then
        assertThat(r.outcome()).isEqualTo(GeekbenchOutcome.FAILED);
        assertThat(r.majorVersion()).isNull();
        assertThat(r.notes()).containsExactly("help output only, no benchmark run");
    }

    @Test
    void sbcBenchPreambleEndingAtTheBannerIsBannerOnly() {
        // when
        GeekbenchResult r = parse("sbc-bench-issue-68_preamble_awk-errors-before-geekbench.EXCERPT.txt");

        // then
        assertThat(r.outcome()).isEqualTo(GeekbenchOutcome.TRYOUT_BANNER_ONLY);
        assertThat(r.version()).isEqualTo("6.0.3");
        assertThat(r.edition()).isEqualTo("Preview");
    }

    @Test
    void gb622CorporateOfflineScoresWithWorkloads() {
        // when
        GeekbenchResult r = parse(
                "virtualclient_GeekBench6Example_6.2.2-Corporate_Win11-i7-1185G7_offline_with-scores@55d3eff.txt");

        // then
        assertThat(r.outcome()).isEqualTo(GeekbenchOutcome.OFFLINE_SCORES);
        assertThat(r.version()).isEqualTo("6.2.2");
        assertThat(r.edition()).isEqualTo("Corporate");
        assertThat(r.singleCoreScore()).isEqualTo(1378);
        assertThat(r.multiCoreScore()).isEqualTo(6445);
        assertThat(r.singleCoreSubscores()).containsExactly(
                org.assertj.core.api.Assertions.entry("Integer", 1131),
                org.assertj.core.api.Assertions.entry("Floating Point", 1990));
        assertThat(r.multiCoreSubscores()).containsEntry("Integer", 6074).containsEntry("Floating Point", 7195);
        assertThat(r.singleCoreWorkloads()).hasSize(16);
        assertThat(r.multiCoreWorkloads()).hasSize(16);
        assertThat(r.singleCoreWorkloads().get(0))
                .isEqualTo(new GeekbenchResult.Workload("File Compression", 1734, 249.1, "MB/sec"));
        assertThat(r.multiCoreWorkloads().get(15))
                .isEqualTo(new GeekbenchResult.Workload("Structure from Motion", 7565, 239.5, "Kpixels/sec"));
        assertThat(r.resultUrl()).isNull();
    }

    @Test
    void gb622CorporateFixtureWithEditedNumbersParsesTheSameWay() {
        // when
        GeekbenchResult r = parse(
                "virtualclient_GeekBench6Example_6.2.2-Corporate_WinServer2016_offline_with-scores@HEAD.txt");

        // then
        assertThat(r.outcome()).isEqualTo(GeekbenchOutcome.OFFLINE_SCORES);
        assertThat(r.singleCoreScore()).isEqualTo(888);
        assertThat(r.multiCoreScore()).isEqualTo(12345);
        assertThat(r.multiCoreSubscores()).containsEntry("Integer", 10518).containsEntry("Floating Point", 14544);
        assertThat(r.singleCoreWorkloads()).extracting(GeekbenchResult.Workload::name).contains("HDR", "Clang");
    }

    @Test
    void gb510ProOfflineScoresWithCryptoSubscore() {
        // when
        GeekbenchResult r = parse("virtualclient_Results_Geekbench_Text_5.1.0-Pro_offline_with-scores.txt");

        // then
        assertThat(r.outcome()).isEqualTo(GeekbenchOutcome.OFFLINE_SCORES);
        assertThat(r.version()).isEqualTo("5.1.0");
        assertThat(r.majorVersion()).isEqualTo(5);
        assertThat(r.edition()).isEqualTo("Pro");
        assertThat(r.singleCoreScore()).isEqualTo(830);
        assertThat(r.multiCoreScore()).isEqualTo(12010);
        assertThat(r.singleCoreSubscores()).containsEntry("Crypto", 1091).containsEntry("Integer", 777)
                .containsEntry("Floating Point", 901);
        assertThat(r.multiCoreSubscores()).containsEntry("Crypto", 16208);
        assertThat(r.singleCoreWorkloads()).hasSize(21);
        assertThat(r.multiCoreWorkloads()).hasSize(21);
        assertThat(r.singleCoreWorkloads()).contains(new GeekbenchResult.Workload("Rigid Body Physics", 867, 5373.6, "FPS"));
        assertThat(r.multiCoreWorkloads()).contains(new GeekbenchResult.Workload("AES-XTS", 16208, 27.6, "GB/sec"));
    }

    @Test
    void virtualClientProfileJsonIsNotGeekbenchOutput() {
        // when
        GeekbenchResult r = parse("virtualclient_PERF-CPU-GEEKBENCH.json");

        // then
        assertThat(r.outcome()).isEqualTo(GeekbenchOutcome.FAILED);
        assertThat(r.notes()).containsExactly("no Geekbench output recognised");
    }

    @Test
    void emptyAndNullCapturesAreFailed() {
        // when / then
        assertThat(GeekbenchOutputParser.parse(null).outcome()).isEqualTo(GeekbenchOutcome.FAILED);
        assertThat(GeekbenchOutputParser.parse("").outcome()).isEqualTo(GeekbenchOutcome.FAILED);
    }

    @Test
    void uploadingWithoutAUrlIsInterruptedWithAHint() {
        // given: YABS issue #36, geekbench hung after "Uploading results..." and was stopped
        String console = "Geekbench 5.4.1 Tryout : https://www.geekbench.com/\n\nSingle-Core\n  Running AES-XTS\n\n"
                + "Uploading results to the Geekbench Browser. This could take a minute or two\n"
                + "depending on the speed of your internet connection.\n^C\n";

        // when
        GeekbenchResult r = GeekbenchOutputParser.parse(console);

        // then
        assertThat(r.outcome()).isEqualTo(GeekbenchOutcome.INTERRUPTED);
        assertThat(r.notes()).contains(
                "stopped after 'Uploading results' without a result URL (upload hung or failed)",
                "interrupted with Ctrl-C (^C in the capture)");
    }

    @Test
    void jsonCarriesOutcomeUrlsAndScores() {
        // given
        GeekbenchResult offline = parse("virtualclient_Results_Geekbench_Text_5.1.0-Pro_offline_with-scores.txt");
        GeekbenchResult uploaded = parse("gb6.2.2_linux-x86_64_rocky9-vmware_upload-succeeded_WITH-claim-url.txt");

        // when
        JsonNode a = offline.toJson();
        JsonNode b = uploaded.toJson();

        // then
        assertThat(a.path("outcome").asText()).isEqualTo("offline_scores");
        assertThat(a.path("single_core_score").asInt()).isEqualTo(830);
        assertThat(a.at("/subscores/single_core/Crypto").asInt()).isEqualTo(1091);
        assertThat(a.at("/workloads/multi_core").size()).isEqualTo(21);
        assertThat(a.path("result_url").isNull()).isTrue();
        assertThat(b.path("outcome").asText()).isEqualTo("uploaded_with_claim");
        assertThat(b.path("claim_url").asText()).isEqualTo("https://browser.geekbench.com/v6/cpu/13890045/claim?key=354758");
        assertThat(b.path("single_core_score").isNull()).isTrue();
        assertThat(b.path("version").asText()).isEqualTo("6.2.2");
    }
}
