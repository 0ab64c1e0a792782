package org.sth.automation.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.sth.automation.UsageException;

/** The HTTP surface is safe by default: consoles only on loopback, a taken port refused, the token checked and never shown. */
class HttpOptionsTest {

    @Test
    void devConsolesAreRefusedOnANonLoopbackBind() {
        assertThatThrownBy(() -> new HttpOptions("0.0.0.0", 8181, true, null)).isInstanceOf(UsageException.class)
                .hasMessageContaining("--dev-consoles").hasMessageContaining("loopback");
        assertThat(new HttpOptions("127.0.0.1", 8181, true, null).devConsoles()).isTrue();
    }

    @Test
    void aTakenPortIsAStartUpError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> new HttpOptions("127.0.0.1", taken.getLocalPort(), false, null).bound())
                    .isInstanceOf(UsageException.class).hasMessageContaining("cannot serve HTTP on 127.0.0.1:" + taken.getLocalPort());
        }
        assertThat(new HttpOptions("127.0.0.1", 0, false, null).bound().port()).isPositive();
    }

    @Test
    void onlyTheRightBearerTokenAuthorizesAndNoTokenAuthorizesNothing() {
        HttpOptions with = new HttpOptions("127.0.0.1", 0, false, "s3cret-token-0123456789");
        assertThat(with.authorizes("Bearer s3cret-token-0123456789")).isTrue();
        assertThat(with.authorizes("Bearer wrong")).isFalse();
        assertThat(with.authorizes(null)).isFalse();
        assertThat(with.toString()).doesNotContain("s3cret");
        assertThat(new HttpOptions("127.0.0.1", 0, false, null).authorizes("Bearer anything")).isFalse();
        assertThatThrownBy(() -> new HttpOptions("127.0.0.1", 0, false, "short")).isInstanceOf(UsageException.class);
    }

    @Test
    void onlyTheBoundAddressLoopbackNamesAndTheOperatorsNamesAreAcceptedHosts() {
        // given a loopback bind and one operator name
        HttpOptions http = new HttpOptions("127.0.0.1", 8181, false, null, java.util.List.of("Controller.Lab.Example"));

        // then
        assertThat(http.allowsHost("127.0.0.1:8181")).isTrue();
        assertThat(http.allowsHost("localhost:9000")).as("an ssh -L tunnel's port").isTrue();
        assertThat(http.allowsHost("[::1]:8181")).isTrue();
        assertThat(http.allowsHost("controller.lab.example:8181")).isTrue();
        assertThat(http.allowsHost("LOCALHOST.")).isTrue();
        assertThat(http.allowsHost("evil.example:8181")).as("a DNS-rebinding page").isFalse();
        assertThat(http.allowsHost("127.0.0.1.evil.example")).isFalse();
        assertThat(http.allowsHost("")).isFalse();
        assertThat(http.allowsHost(null)).isFalse();
        assertThat(new HttpOptions("192.0.2.10", 8181, false, null).allowsHost("localhost")).isFalse();
        assertThatThrownBy(() -> new HttpOptions("127.0.0.1", 0, false, null, java.util.List.of("http://x/")))
                .isInstanceOf(UsageException.class).hasMessageContaining("--http-allowed-host");
    }

    @Test
    void anOriginMustBeThePageOfTheHostTheRequestNamesOrAbsent() {
        assertThat(HttpOptions.sameOrigin(null, "127.0.0.1:8181")).as("curl, an agent").isTrue();
        assertThat(HttpOptions.sameOrigin("http://127.0.0.1:8181", "127.0.0.1:8181")).isTrue();
        assertThat(HttpOptions.sameOrigin("http://evil.example", "127.0.0.1:8181")).isFalse();
        assertThat(HttpOptions.sameOrigin("http://127.0.0.1:3000", "127.0.0.1:8181")).as("another local site").isFalse();
        assertThat(HttpOptions.sameOrigin("null", "127.0.0.1:8181")).isFalse();
        assertThat(HttpOptions.sameOrigin("file://", "127.0.0.1:8181")).isFalse();
    }
}
