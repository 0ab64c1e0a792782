package org.sth.automation.phase.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.UsageException;
import org.sth.automation.run.status.Phase;

/**
 * The embedded broker as broker mode configures it, over a real Artemis: a phase message rolled back by
 * {@code maxDeliveries} consumers goes to {@code sth.dead-letter} with its original address, and the broker keeps its
 * journal in the work root.
 */
class BrokerDeadLetterIT {

    @Test
    void aMessageRolledBackByEveryDeliveryGoesToTheDeadLetterQueueWithItsPhase(@TempDir Path dir) throws Exception {
        // given an embedded broker that allows 2 deliveries
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Broker broker = Broker.open(BrokerMode.embedded("127.0.0.1", port, dir), 2, 0, false, false);
                Connection c = broker.connectionFactory().createConnection()) {
            c.start();
            Session session = c.createSession(true, Session.SESSION_TRANSACTED);
            session.createProducer(session.createQueue(Broker.queue(Phase.EXECUTE))).send(session.createTextMessage("{\"run_id\": \"r1\"}"));
            session.commit();

            // when two deliveries end without a commit (the controllers that took it died or handed it back)
            MessageConsumer consumer = session.createConsumer(session.createQueue(Broker.queue(Phase.EXECUTE)));
            for (int i = 1; i <= 2; i++) {
                Message m = consumer.receive(10_000);
                assertThat(m).as("delivery " + i).isNotNull();
                session.rollback();
            }
            Message third = consumer.receive(1_000);
            consumer.close();

            // then the message is on the dead-letter queue, naming the queue it came from
            MessageConsumer dead = session.createConsumer(session.createQueue(Broker.DEAD_LETTER));
            Message m = dead.receive(10_000);
            session.commit();
            assertThat(third).isNull();
            assertThat(m).isInstanceOf(TextMessage.class);
            assertThat(((TextMessage) m).getText()).contains("r1");
            assertThat(m.getStringProperty(DeadLetterProcessor.ORIGINAL_ADDRESS)).isEqualTo("sth.execute");
            assertThat(dir.resolve("broker/journal")).isDirectory();
        }
    }

    @Test
    void anEmbeddedBrokerListensOnLoopbackOnlyAndARemoteOneNeedsATcpUrl(@TempDir Path dir) {
        assertThatThrownBy(() -> BrokerMode.embedded("0.0.0.0", 61616, dir)).isInstanceOf(UsageException.class)
                .hasMessageContaining("loopback").hasMessageContaining("--broker tcp://");
        assertThatThrownBy(() -> BrokerMode.embedded("127.0.0.1", 70000, dir)).isInstanceOf(UsageException.class)
                .hasMessageContaining("--broker-port");
        assertThatThrownBy(() -> BrokerMode.remote("http://broker:8161", dir)).isInstanceOf(UsageException.class)
                .hasMessageContaining("tcp://host:port");
        assertThat(BrokerMode.remote("tcp://broker.lab:61616", dir).enabled()).isTrue();
        assertThat(BrokerMode.FILES.enabled()).isFalse();
    }
}
