package org.sth.automation.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class PgidSnifferTest {

    @Test
    void takesThePgidLineOutOfStderr() {
        // given
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PgidSniffer sniffer = new PgidSniffer(err);
        // when
        byte[] in = ("early warning\n" + PgidSniffer.MARK + "4242\nlater\npartial").getBytes(StandardCharsets.UTF_8);
        sniffer.write(in, 0, 5);
        sniffer.write(in, 5, in.length - 5);
        sniffer.finish();
        // then
        assertThat(sniffer.pgid()).isEqualTo(4242L);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("early warning\nlater\npartial");
    }

    @Test
    void wrappedCommandRunsQuotedInItsOwnGroupAndKeepsItsExitStatus() throws Exception {
        // given a command with quotes, its own pid/pgid report and a non-zero exit
        String wrapped = SshRemoteSession.wrap("echo 'it''s'; ps -o pgid= -p $$ | tr -d ' '; exit 3");

        // when a POSIX shell runs it, as sshd would
        Process p = new ProcessBuilder("/bin/sh", "-c", wrapped).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());

        // then
        assertThat(p.waitFor()).isEqualTo(3);
        String[] lines = out.strip().split("\n");
        assertThat(lines[0]).isEqualTo("its");
        assertThat(err).contains(PgidSniffer.MARK + lines[1]);
    }
}
