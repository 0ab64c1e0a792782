package org.sth.automation.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.config.HostConfig;
import org.sth.automation.demo.LoopbackSshServer;

class ConnectivityProbeIT {

    @TempDir
    Path tmp;
    private SshFixture fx;

    @BeforeEach
    void setUp() {
        fx = new SshFixture(tmp);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void reportsEveryHopOfAHealthyChain() throws Exception {
        // given
        LoopbackSshServer jump = fx.server("jump");
        LoopbackSshServer target = fx.server("target");
        fx.trust(jump, target);
        HostConfig host = SshFixture.host("lab1", target, "key", SshFixture.hop("jumpbox", jump, "key"));
        // when
        List<HopReport> reports = new ConnectivityProbe(fx.transport()).probe(host);
        // then
        assertThat(reports).extracting(HopReport::hop).containsExactly("jumpbox", "lab1");
        assertThat(reports).allMatch(HopReport::ok);
        assertThat(reports).extracting(HopReport::hostKeyFingerprint)
                .containsExactly(jump.hostKeyFingerprint(), target.hostKeyFingerprint());
    }

    @Test
    void stopsAtTheFailingHopWithoutThrowing() throws Exception {
        // given: the jump is fine, the target's key is unknown
        LoopbackSshServer jump = fx.server("jump");
        LoopbackSshServer target = fx.server("target");
        LoopbackSshServer after = fx.server("unused");
        fx.trust(jump);
        HostConfig host = SshFixture.host("lab1", after, "key",
                SshFixture.hop("jumpbox", jump, "key"), SshFixture.hop("inner", target, "key"));
        // when
        List<HopReport> reports = new ConnectivityProbe(fx.transport()).probe(host);
        // then
        assertThat(reports).extracting(HopReport::status).containsExactly("ok", "host_key_unknown", "not_reached");
        assertThat(reports.get(1).hostKeyFingerprint()).isEqualTo(target.hostKeyFingerprint());
        assertThat(reports.get(1).message()).contains("inner");
    }

    @Test
    void reportsRefusedFirstHop() throws Exception {
        // given
        int port = SshFixture.freePort();
        // when
        List<HopReport> reports = new ConnectivityProbe(fx.transport()).probe(SshFixture.hostAt("gone", port, "key"));
        // then
        assertThat(reports).singleElement().extracting(HopReport::status).isEqualTo("connection_refused");
    }
}
