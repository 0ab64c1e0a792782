package org.sth.automation.phase.broker;

import org.sth.automation.phase.PlainCamel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jms.connection.JmsResourceHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Issue 21, the deferred run that never came back. A phase route's delivery and what it sends (the hand-on to the next
 * queue, or a deferred copy of the message) must commit as one. With Camel's default for {@code transacted=true} (a
 * Spring JmsTransactionManager), the sends go on the manager's own session, which commits after the delivery's: a
 * controller that dies, or whose sending connection fails, between the two commits has consumed the message and sent
 * nothing. The controller's options ({@code sth.broker.options}: a local transaction on the consumer's session) make it
 * one commit. Both cases close the session the route's sends are transacted on, once, after the send.
 */
class BrokerTransactionIT {

    private static String packagedOptions() throws Exception {
        Properties p = new Properties();
        try (InputStream in = BrokerTransactionIT.class.getResourceAsStream("/application.properties")) {
            p.load(in);
        }
        return p.getProperty("sth.broker.options").replace("{{sth.broker.consumers}}", "2");
    }

    /** Runs one message through in → out with {@code options}; the sending session fails once after the send. */
    private static List<String> throughRoute(Path dir, String options) throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Broker broker = Broker.open(BrokerMode.embedded("127.0.0.1", port, dir), 10, 100, false, false)) {
            ConnectionFactory cf = broker.connectionFactory();
            AtomicBoolean failOnce = new AtomicBoolean(true);
            AtomicInteger deliveries = new AtomicInteger();
            CamelContext camel = PlainCamel.context();
            camel.getRegistry().bind("jms", JmsComponent.jmsComponent(cf));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("jms:queue:sth.test-in?" + options).process(e -> deliveries.incrementAndGet())
                            .to("jms:queue:sth.test-out?" + options)
                            .process(e -> {
                                if (failOnce.getAndSet(false)) {
                                    // the session the send is transacted on fails before its commit (a dying controller, a
                                    // broker failing over)
                                    JmsResourceHolder sending = (JmsResourceHolder) TransactionSynchronizationManager.getResource(cf);
                                    sending.getSession().close();
                                }
                            });
                }
            });
            camel.start();
            try (Connection c = cf.createConnection(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                c.start();
                s.createProducer(s.createQueue("sth.test-in")).send(s.createTextMessage("run-1"));
                await().atMost(Duration.ofSeconds(60)).until(() -> deliveries.get() >= 1 && !failOnce.get());
                // what reached out, over a while: the route may take the message again meanwhile
                List<String> out = new ArrayList<>();
                MessageConsumer consumer = s.createConsumer(s.createQueue("sth.test-out"));
                await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30)).until(() -> {
                    for (Message m = consumer.receive(200); m != null; m = consumer.receive(200)) {
                        out.add(m.getBody(String.class));
                    }
                    return true;
                });
                MessageConsumer left = s.createConsumer(s.createQueue("sth.test-in"));
                camel.stop();
                assertThat(left.receive(500)).as("a message left in the input queue").isNull();
                return out;
            } finally {
                camel.stop();
            }
        }
    }

    @Test
    void withCamelsDefaultTransactionManagerTheMessageIsLostWhenTheSendsCommitFailsAfterTheDeliverysCommit(@TempDir Path dir)
            throws Exception {
        // given the options broker mode had (Camel creates a JmsTransactionManager for transacted=true)
        String before = "transacted=true&cacheLevelName=CACHE_CONSUMER&concurrentConsumers=1&maxConcurrentConsumers=2&receiveTimeout=200";

        // when the sending session's connection fails after the send
        List<String> out = throughRoute(dir, before);

        // then the delivery was committed on its own session and the send never was: the message is gone from both queues
        assertThat(out).isEmpty();
    }

    @Test
    void withTheControllersOptionsTheDeliveryAndItsSendsCommitTogether(@TempDir Path dir) throws Exception {
        // when the same failure meets the packaged options (local transaction on the consumer's session)
        List<String> out = throughRoute(dir, packagedOptions().replace("receiveTimeout=1000", "receiveTimeout=200"));

        // then the delivery was rolled back with its send and delivered again: the message is sent on exactly once
        assertThat(out).containsExactly("run-1");
    }
}
