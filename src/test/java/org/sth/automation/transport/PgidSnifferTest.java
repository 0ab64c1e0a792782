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
    void wrapQuotesTheCommandForTheShell() {
        // when
        String wrapped = SshRemoteSession.wrap("echo 'it''s'");
        // then
        assertThat(wrapped).startsWith("exec /bin/bash -c ").endsWith(" sth-run 'echo '\\''it'\\'''\\''s'\\'''");
    }
}
