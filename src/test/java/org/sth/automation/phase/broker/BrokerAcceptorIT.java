package org.sth.automation.phase.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker's port with {@code sth.broker.webSocket = true}: Artemis's own acceptor again (HTTP and WebSocket
 * on the same port, which the default refuses; SecurityIT checks that), and still no client without the work root's
 * credentials.
 */
class BrokerAcceptorIT {

    @Test
    void theOptInWebSocketAcceptorStillAsksEveryClientForTheCredentials(@TempDir Path dir) throws Exception {
        // given an embedded broker that also takes WebSockets
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Broker broker = Broker.open(BrokerMode.embedded("127.0.0.1", port, dir), 2, 0, false, true);
                ActiveMQConnectionFactory anonymous = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port + "?reconnectAttempts=0")) {
            // when a WebSocket client connects, then the upgrade is answered (what the option is for)
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), new WebSocket.Listener() { }).get(30, TimeUnit.SECONDS);
            ws.abort();

            // but a core client without the credentials is refused, and the controllers' own factory gets in
            assertThatThrownBy(anonymous::createConnection).isInstanceOf(JMSSecurityException.class);
            try (Connection own = broker.connectionFactory().createConnection()) {
                own.start();
            }
            assertThat(dir.resolve(BrokerCredentials.FILE)).exists();
        }
    }
}
