package org.sth.automation.phase.broker;

import org.sth.automation.phase.PlainCamel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.engine.HostHolders;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.StuckRuns;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.run.status.Phase;

/**
 * The leader's spool-to-broker bridge (routes/broker/90-broker.camel.yaml, as the application loads it) on a real
 * Artemis: a spool file whose message is already on its queue (its send committed, then the leader died, or the commit's
 * reply was lost in a broker failover, before the file was removed) is refused by the broker as a duplicate; the bridge
 * removes the file instead of sending it again on every poll, and the queue holds the message once.
 */
class BrokerBridgeIT {

    @Test
    void aSpoolFileWhoseMessageIsAlreadyOnTheBrokerIsRemovedNotSentForever(@TempDir Path dir) throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        WorkDirs dirs = new WorkDirs(dir.resolve("work"));
        try (Broker broker = Broker.open(BrokerMode.embedded("127.0.0.1", port, dir), 10, 100, false, false);
                CamelContext camel = PlainCamel.context()) {
            ConnectionFactory cf = broker.connectionFactory();
            Properties packaged = new Properties();
            try (InputStream in = BrokerBridgeIT.class.getResourceAsStream("/application.properties")) {
                packaged.load(in);
            }
            Properties p = new Properties();
            p.put("sth.work", dirs.root().toString());
            p.put("sth.poll.delay", "50");
            p.put("sth.broker.deferDelay", "1000");
            p.put("sth.spool.discover", "jms:queue:" + Broker.queue(Phase.DISCOVER) + "?"
                    + packaged.getProperty("sth.broker.options").replace("{{sth.broker.consumers}}", "2"));
            camel.getPropertiesComponent().setInitialProperties(p);
            camel.getRegistry().bind("jms", JmsComponent.jmsComponent(cf));
            HostHolders holders = new HostHolders(dirs, true);
            camel.getRegistry().bind("spoolToBrokerProcessor", new SpoolToBrokerProcessor(dirs));
            camel.getRegistry().bind("deadLetterProcessor", new DeadLetterProcessor(dirs, holders));
            camel.getRegistry().bind("requeueStuckRunsProcessor", new RequeueStuckRunsProcessor(
                    new StuckRuns(dirs, holders, Duration.ofSeconds(5), java.time.Clock.systemUTC()), cf));
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "classpath:routes/broker/90-broker.camel.yaml"));
            camel.start();

            // given a message the bridge sent (the file is gone once the send committed)
            PhaseMessage m = new PhaseMessage("h1-1", dir.resolve("runs/h1-1"), "h1", Phase.DISCOVER, 1, Instant.parse("2026-01-01T00:00:00Z"));
            Path file = dirs.root().resolve("spool/discover/" + m.fileName());
            AtomicFiles.write(file, m.toJsonText());
            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(file));

            // when the same file is back in the spool (the send had committed, the file's removal never happened)
            AtomicFiles.write(file, m.toJsonText());

            // then the broker refuses the copy, and the bridge removes the file instead of trying again on every poll
            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(file));
            List<String> queued = new ArrayList<>();
            try (Connection c = cf.createConnection(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                c.start();
                MessageConsumer consumer = s.createConsumer(s.createQueue(Broker.queue(Phase.DISCOVER)));
                for (jakarta.jms.Message got = consumer.receive(5_000); got != null; got = consumer.receive(1_000)) {
                    queued.add(((TextMessage) got).getText());
                }
            }
            assertThat(queued).hasSize(1);
            assertThat(queued.get(0)).contains("\"run_id\" : \"h1-1\"");
            assertThat(camel.getRouteController().getRouteStatus("broker-bridge").isStarted()).isTrue();
        }
    }
}
