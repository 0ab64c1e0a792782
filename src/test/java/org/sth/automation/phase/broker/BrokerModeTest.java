package org.sth.automation.phase.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.sth.automation.UsageException;

class BrokerModeTest {

    @Test
    void aPairWithTlsIsJoinedAndAPasswordInItsUrlIsNeverShown() {
        // given the URL of a primary/backup pair whose trust store has a password
        String url = "(tcp://10.0.0.1:61617,tcp://10.0.0.2:61617)?ha=true&sslEnabled=true&trustStorePath=/etc/sth/ca.p12"
                + "&trustStorePassword=s3cr3t&connectionTTL=60000";

        // when
        BrokerMode mode = BrokerMode.remote(url, Path.of("/work"));

        // then the controllers use it as given, and it is printed without the password
        assertThat(mode.url()).isEqualTo(url);
        assertThat(mode.shown()).doesNotContain("s3cr3t").contains("trustStorePassword=***", "connectionTTL=60000", "tcp://10.0.0.2:61617");
    }

    @Test
    void aUrlThatIsNotAnArtemisCoreUrlIsRefusedWithTheFix() {
        assertThatThrownBy(() -> BrokerMode.remote("http://broker:8161", Path.of("/work"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("fix: e.g. tcp://broker-host:61616");
        assertThat(BrokerMode.remote("tcp://broker:61617?sslEnabled=true", Path.of("/work")).shown()).isEqualTo("tcp://broker:61617?sslEnabled=true");
    }
}
