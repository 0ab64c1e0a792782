package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.io.Json;

/** Progress lines say elapsed time against the ceiling and bytes for transfers; on a terminal the status line is redrawn in place. */
class ProgressLinesTest {

    @Test
    void heartbeatsShowElapsedAgainstTheCeilingAndTransfersTheirBytes() {
        assertThat(ProgressLines.heartbeat("turind8", Json.parse("{\"phase\":\"execute\",\"adapter\":\"latency\",\"elapsed_secs\":250,\"ceiling_secs\":1800}")))
                .isEqualTo("[turind8]   execute latency: running 4 min 10 s of a 30 min 0 s ceiling");
        assertThat(ProgressLines.heartbeat("h", Json.parse("{\"phase\":\"finalize\",\"adapter\":\"host\",\"elapsed_secs\":14}")))
                .isEqualTo("[h]   finalize host: running 14 s");
        assertThat(ProgressLines.transfer("h", Json.parse("{\"direction\":\"upload\",\"local_path\":\"bundle.tar.gz\",\"bytes\":3145728,"
                + "\"seconds\":2.0,\"outcome\":\"ok\"}"))).isEqualTo("[h]   upload bundle.tar.gz: 3.0 MiB, 1.5 MiB/s (ok)");
    }

    @Test
    void onATerminalTheStatusLineIsRedrawnInPlaceAndElsewhereItIsPlainLines(@TempDir Path dir) throws Exception {
        // given a run in execute, beating
        Path run = dir.resolve("runs/turind8/20260101T000000Z");
        Files.createDirectories(run);
        Files.writeString(run.resolve("status.json"), "{\"state\":\"completed\"}");
        // (the plain form prints a heartbeat at most every 10 s after the run's last line: here it is the first)
        Files.writeString(run.resolve("events.jsonl"), "{\"event\":\"heartbeat\",\"phase\":\"execute\",\"adapter\":\"latency\",\"elapsed_secs\":20,\"ceiling_secs\":600}\n"
                + "{\"event\":\"phase_left\",\"phase\":\"execute\",\"outcome\":\"completed\"}\n");

        // when followed on a terminal while it runs, and in a pipe once it finished
        Files.writeString(run.resolve("status.json"), "{\"state\":\"running\"}");
        StringWriter tty = new StringWriter();
        new RunWatcher(new PrintWriter(tty), true).follow(List.of(run), Duration.ofSeconds(1));
        Files.writeString(run.resolve("events.jsonl"), "{\"event\":\"run_finished\",\"state\":\"completed\"}\n",
                java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(run.resolve("status.json"), "{\"state\":\"completed\"}");
        StringWriter plain = new StringWriter();
        new RunWatcher(new PrintWriter(plain), false).follow(List.of(run), Duration.ofSeconds(10));

        // then the pipe gets plain lines only, the terminal erase-line sequences and no plain heartbeat line
        assertThat(plain.toString()).contains("[turind8] execute: completed", "execute latency: running 20 s of a 10 min 0 s ceiling",
                "[turind8] run completed").doesNotContain("\u001b[");
        assertThat(tty.toString()).contains("[turind8] execute: completed",
                "\r\u001b[K[turind8]   execute latency: running 20 s of a 10 min 0 s ceiling".replace("[turind8]   ", "[turind8] "))
                .doesNotContain("running 20 s of a 10 min 0 s ceiling\n");
    }
}
