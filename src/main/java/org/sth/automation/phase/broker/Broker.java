package org.sth.automation.phase.broker;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptor;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
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

    /** The role of the embedded broker's user: send, consume, browse and create the phase queues; no management. */
    static final String ROLE = "sth-controller";

    private final EmbeddedActiveMQ embedded;
    private final CoreOnlyListener listener;
    private final ActiveMQConnectionFactory factory;

    private Broker(EmbeddedActiveMQ embedded, CoreOnlyListener listener, ActiveMQConnectionFactory factory) {
        this.embedded = embedded;
        this.listener = listener;
        this.factory = factory;
    }

    /** The queue of {@code phase}. */
    public static String queue(Phase phase) {
        return QUEUE_PREFIX + phase.id();
    }

    /**
     * Starts the embedded broker when the mode asks for one, and opens the connection factory. An embedded broker asks
     * every client for the work root's credentials ({@link BrokerCredentials}, generated on its first start) and listens
     * for the core protocol only; a remote one is logged into with {@code STH_BROKER_USER} / {@code STH_BROKER_PASSWORD},
     * or, without them, with the work root's embedded-broker credentials when there are any.
     *
     * @param maxDeliveries deliveries without a commit before a message goes to the dead-letter address
     * @param redeliveryDelayMs how long the broker waits before it delivers a rolled-back message again
     * @param groupRebalance whether the embedded broker rebalances message groups when a consumer is added
     * @param webSocket whether the embedded broker also takes HTTP and WebSocket connections on its port, as Artemis's own
     *     acceptor does (off by default; credentials are asked for either way)
     */
    public static Broker open(BrokerMode mode, int maxDeliveries, long redeliveryDelayMs, boolean groupRebalance, boolean webSocket) {
        if (maxDeliveries < 1 || maxDeliveries > 1000) {
            throw new AutomationException("sth.broker.maxDeliveries must be between 1 and 1000 (it is " + maxDeliveries + "; fix: e.g. 10)");
        }
        if (redeliveryDelayMs < 0 || redeliveryDelayMs > 3_600_000) {
            throw new AutomationException("sth.broker.redeliveryDelay must be between 0 and 3600000 ms (it is " + redeliveryDelayMs + ")");
        }
        EmbeddedActiveMQ embedded = null;
        CoreOnlyListener listener = null;
        Supplier<Optional<BrokerCredentials>> credentials;
        if (mode.embedded()) {
            BrokerCredentials own = BrokerCredentials.createOrRead(mode.workRoot());
            embedded = startEmbedded(mode, own, maxDeliveries, redeliveryDelayMs, groupRebalance, webSocket);
            if (!webSocket) {
                listener = listen(mode, embedded);
            }
            credentials = () -> Optional.of(own);
        } else {
            Optional<BrokerCredentials> fromEnvironment = BrokerCredentials.fromEnvironment();
            // read at each connection: the embedded broker of this work root may write them after this controller started
            credentials = fromEnvironment.isPresent() || mode.workRoot() == null ? () -> fromEnvironment
                    : () -> BrokerCredentials.read(mode.workRoot());
        }
        ActiveMQConnectionFactory factory = new LoggingIn(mode.url(), credentials);
        // one message at a time per consumer: a consumer that holds a message for a long benchmark step must not also
        // hold the next ones in a client-side buffer, where no other controller could take them
        factory.setConsumerWindowSize(0);
        // a broker restart is waited out (the controllers reconnect) rather than ending the controllers
        factory.setReconnectAttempts(-1);
        factory.setRetryInterval(1000);
        factory.setRetryIntervalMultiplier(1.5);
        factory.setMaxRetryInterval(10_000);
        return new Broker(embedded, listener, factory);
    }

    private static EmbeddedActiveMQ startEmbedded(BrokerMode mode, BrokerCredentials credentials, int maxDeliveries, long redeliveryDelayMs,
            boolean groupRebalance, boolean webSocket) {
        try {
            ConfigurationImpl config = new ConfigurationImpl();
            config.setName("sth-embedded");
            config.setPersistenceEnabled(true);
            // every client logs in, even on loopback: another account of this machine, or a web page, reaches a local port too
            config.setSecurityEnabled(true);
            config.putSecurityRoles("#", Set.of(new Role(ROLE, true, true, true, true, true, true, false, true, true, true, false, false)));
            // Artemis lets its cluster user in with every right, and its default password is public; there is no cluster here
            config.setClusterUser("sth-cluster-" + secret(9));
            config.setClusterPassword(secret(32));
            config.setJMXManagementEnabled(false);
            String journal = mode.journal().toAbsolutePath().toString();
            config.setJournalDirectory(journal + "/journal");
            config.setBindingsDirectory(journal + "/bindings");
            config.setPagingDirectory(journal + "/paging");
            config.setLargeMessagesDirectory(journal + "/large-messages");
            // without WebSocket the acceptor does not listen itself: CoreOnlyListener listens and hands it core connections
            config.addAcceptorConfiguration("sth", mode.url() + "?protocols=CORE" + (webSocket ? "" : ";httpUpgradeEnabled=true"));
            config.addAddressSetting(QUEUE_PREFIX + "#", addressSettings(maxDeliveries, redeliveryDelayMs, groupRebalance));
            config.addQueueConfiguration(QueueConfiguration.of(DEAD_LETTER).setAddress(DEAD_LETTER).setRoutingType(RoutingType.ANYCAST));
            for (Phase p : Phase.values()) {
                config.addQueueConfiguration(QueueConfiguration.of(queue(p)).setAddress(queue(p)).setRoutingType(RoutingType.ANYCAST));
            }
            SecurityConfiguration users = new SecurityConfiguration();
            users.addUser(credentials.user(), credentials.password());
            users.addRole(credentials.user(), ROLE);
            EmbeddedActiveMQ server = new EmbeddedActiveMQ();
            server.setConfiguration(config);
            server.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
            server.start();
            return server;
        } catch (Exception e) {
            throw new AutomationException("Cannot start the embedded broker on " + mode.url() + " (journal " + mode.journal() + "): "
                    + e.getMessage() + " (fix: another process may listen on that port; choose --broker-port)", e);
        }
    }

    private static CoreOnlyListener listen(BrokerMode mode, EmbeddedActiveMQ embedded) {
        URI url = URI.create(mode.url());
        try {
            NettyAcceptor acceptor = (NettyAcceptor) embedded.getActiveMQServer().getRemotingService().getAcceptor("sth");
            return CoreOnlyListener.start(url.getHost(), url.getPort(), acceptor);
        } catch (Exception e) {
            try {
                embedded.stop();
            } catch (Exception ignored) {
                // already failing: the bind error is the one to report
            }
            throw new AutomationException("Cannot start the embedded broker on " + mode.url() + ": " + e.getMessage()
                    + " (fix: another process may listen on that port; choose --broker-port)", e);
        }
    }

    private static String secret(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A connection factory that logs in with the credentials of the moment (the work root's may appear later). */
    private static final class LoggingIn extends ActiveMQConnectionFactory {

        private static final long serialVersionUID = 1L;

        private final transient Supplier<Optional<BrokerCredentials>> credentials;

        LoggingIn(String url, Supplier<Optional<BrokerCredentials>> credentials) {
            super(url);
            this.credentials = credentials;
        }

        @Override
        public Connection createConnection() throws JMSException {
            Optional<BrokerCredentials> c = credentials.get();
            return c.isPresent() ? createConnection(c.get().user(), c.get().password()) : super.createConnection();
        }

        @Override
        public JMSContext createContext() {
            Optional<BrokerCredentials> c = credentials.get();
            return c.isPresent() ? createContext(c.get().user(), c.get().password()) : super.createContext();
        }

        @Override
        public JMSContext createContext(int sessionMode) {
            Optional<BrokerCredentials> c = credentials.get();
            return c.isPresent() ? createContext(c.get().user(), c.get().password(), sessionMode) : super.createContext(sessionMode);
        }
    }

    /**
     * The address settings broker mode needs, the same a standalone broker gets from configs/artemis-address-settings.xml.
     * Group rebalancing: the controllers' consumers of a queue grow one at a time as work arrives, and Artemis binds a
     * host's group to the consumer that is free when its first message comes, so without it the early hosts pile up on
     * the first consumers and run one after another; with it each new consumer takes groups over. Dispatch is not paused
     * for it (a phase can run for minutes): which run may use a host is the holder record's decision, not the group's.
     * On by default ({@code sth.broker.groupRebalance}): it halved the two-controller campaign's wall.
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
        if (listener != null) {
            listener.close();
        }
        if (embedded != null) {
            try {
                embedded.stop();
            } catch (Exception e) {
                throw new AutomationException("Cannot stop the embedded broker cleanly: " + e.getMessage(), e);
            }
        }
    }
}
