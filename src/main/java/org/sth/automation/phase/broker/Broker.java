package org.sth.automation.phase.broker;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.sth.automation.AutomationException;
import org.sth.automation.run.status.Phase;

/**
 * The Artemis side of broker mode: the phase queues ({@code sth.<phase>}), the dead-letter address that takes a
 * message whose deliveries all ended without a commit ({@code sth.dead-letter}), the connection factory the
 * controllers consume and produce with, and, for {@code serve --embedded-broker}, the broker itself.
 */
public final class Broker implements AutoCloseable {

    /** Prefix of the phase queues: {@code sth.discover}, {@code sth.preflight}, ... */
    public static final String QUEUE_PREFIX = "sth.";

    /** Where Artemis moves a message after {@code max-delivery-attempts} deliveries without a commit. */
    public static final String DEAD_LETTER = "sth.dead-letter";

    private final EmbeddedActiveMQ embedded;
    private final ActiveMQConnectionFactory factory;

    private Broker(EmbeddedActiveMQ embedded, ActiveMQConnectionFactory factory) {
        this.embedded = embedded;
        this.factory = factory;
    }

    /** The queue of {@code phase}. */
    public static String queue(Phase phase) {
        return QUEUE_PREFIX + phase.id();
    }

    /**
     * Starts the embedded broker when the mode asks for one, and opens the connection factory.
     *
     * @param maxDeliveries deliveries without a commit before a message goes to the dead-letter address
     * @param redeliveryDelayMs how long the broker waits before it delivers a rolled-back message again
     * @param groupRebalance whether the embedded broker rebalances message groups when a consumer is added
     */
    public static Broker open(BrokerMode mode, int maxDeliveries, long redeliveryDelayMs, boolean groupRebalance) {
        if (maxDeliveries < 1 || maxDeliveries > 1000) {
            throw new AutomationException("sth.broker.maxDeliveries must be between 1 and 1000 (it is " + maxDeliveries + "; fix: e.g. 10)");
        }
        if (redeliveryDelayMs < 0 || redeliveryDelayMs > 3_600_000) {
            throw new AutomationException("sth.broker.redeliveryDelay must be between 0 and 3600000 ms (it is " + redeliveryDelayMs + ")");
        }
        EmbeddedActiveMQ embedded = null;
        if (mode.embedded()) {
            embedded = startEmbedded(mode, maxDeliveries, redeliveryDelayMs, groupRebalance);
        }
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(mode.url());
        // one message at a time per consumer: a consumer that holds a message for a long benchmark step must not also
        // hold the next ones in a client-side buffer, where no other controller could take them
        factory.setConsumerWindowSize(0);
        // a broker restart is waited out (the controllers reconnect) rather than ending the controllers
        factory.setReconnectAttempts(-1);
        factory.setRetryInterval(1000);
        factory.setRetryIntervalMultiplier(1.5);
        factory.setMaxRetryInterval(10_000);
        String user = System.getenv(BrokerMode.USER_ENV);
        if (user != null && !user.isBlank()) {
            factory.setUser(user);
            factory.setPassword(System.getenv(BrokerMode.PASSWORD_ENV));
        }
        return new Broker(embedded, factory);
    }

    private static EmbeddedActiveMQ startEmbedded(BrokerMode mode, int maxDeliveries, long redeliveryDelayMs, boolean groupRebalance) {
        try {
            ConfigurationImpl config = new ConfigurationImpl();
            config.setName("sth-embedded");
            config.setPersistenceEnabled(true);
            // loopback only (BrokerMode.embedded refuses anything else): no users on a broker no other machine reaches
            config.setSecurityEnabled(false);
            config.setJMXManagementEnabled(false);
            String journal = mode.journal().toAbsolutePath().toString();
            config.setJournalDirectory(journal + "/journal");
            config.setBindingsDirectory(journal + "/bindings");
            config.setPagingDirectory(journal + "/paging");
            config.setLargeMessagesDirectory(journal + "/large-messages");
            config.addAcceptorConfiguration("sth", mode.url());
            config.addAddressSetting(QUEUE_PREFIX + "#", addressSettings(maxDeliveries, redeliveryDelayMs, groupRebalance));
            config.addQueueConfiguration(QueueConfiguration.of(DEAD_LETTER).setAddress(DEAD_LETTER).setRoutingType(RoutingType.ANYCAST));
            for (Phase p : Phase.values()) {
                config.addQueueConfiguration(QueueConfiguration.of(queue(p)).setAddress(queue(p)).setRoutingType(RoutingType.ANYCAST));
            }
            EmbeddedActiveMQ server = new EmbeddedActiveMQ();
            server.setConfiguration(config);
            server.start();
            return server;
        } catch (Exception e) {
            throw new AutomationException("Cannot start the embedded broker on " + mode.url() + " (journal " + mode.journal() + "): "
                    + e.getMessage() + " (fix: another process may listen on that port; choose --broker-port)", e);
        }
    }

    /**
     * The address settings broker mode needs, the same a standalone broker gets from configs/artemis-address-settings.xml.
     * Group rebalancing: the controllers' consumers of a queue grow one at a time as work arrives, and Artemis binds a
     * host's group to the consumer that is free when its first message comes, so without it the early hosts pile up on
     * the first consumers and run one after another; with it each new consumer takes groups over. Dispatch is not paused
     * for it (a phase can run for minutes): which run may use a host is the holder record's decision, not the group's.
     * Off by default ({@code sth.broker.groupRebalance}): it halved the two-controller campaign's wall, but in one of
     * five BrokerModeIT runs with it a deferred run's message was never delivered again (not yet explained).
     */
    static AddressSettings addressSettings(int maxDeliveries, long redeliveryDelayMs, boolean groupRebalance) {
        return new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(DEAD_LETTER))
                .setMaxDeliveryAttempts(maxDeliveries)
                .setRedeliveryDelay(redeliveryDelayMs)
                .setAutoCreateDeadLetterResources(false)
                .setAutoCreateQueues(true)
                .setDefaultGroupRebalance(groupRebalance)
                .setDefaultGroupRebalancePauseDispatch(false);
    }

    public ConnectionFactory connectionFactory() {
        return factory;
    }

    /** Whether this process runs the broker. */
    public boolean embedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        factory.close();
        if (embedded != null) {
            try {
                embedded.stop();
            } catch (Exception e) {
                throw new AutomationException("Cannot stop the embedded broker cleanly: " + e.getMessage(), e);
            }
        }
    }
}
