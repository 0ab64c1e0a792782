package org.sth.automation.phase;

import java.time.Duration;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.sth.automation.AutomationException;
import org.sth.automation.engine.HostHolders;
import org.sth.automation.engine.StuckRuns;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.phase.broker.Broker;
import org.sth.automation.phase.broker.BrokerMode;
import org.sth.automation.phase.broker.RequeueStuckRunsProcessor;
import org.sth.automation.phase.cluster.Leadership;
import org.sth.automation.phase.lifecycle.ControllerIdentity;
import org.sth.automation.phase.lifecycle.PhaseEventsRoutePolicyFactory;
import org.sth.automation.run.status.Phase;

/**
 * How a controller works with the others of its work root, set up once the context's properties are known (before
 * its routes are created): the phase-event policy, in broker mode the broker (embedded or remote) behind the
 * {@code jms} component, and the leadership election that decides which routes run here.
 */
final class Coordination extends MainListenerSupport implements AutoCloseable {

    /** The routes that run in the leader of a work root only, in file mode: every phase and the inbox. */
    static final Set<String> LEADER_ONLY_FILES = leaderOnlyFiles();
    /** The routes that run in the leader only, in broker mode: the inbox, the spool-to-broker bridge, the dead letters, the watchdog. */
    static final Set<String> LEADER_ONLY_BROKER = Set.of("phase-intake", "broker-bridge", "broker-dead-letters", "broker-watchdog");

    private final WorkDirs dirs;
    private final BrokerMode mode;
    private final HostHolders holders;
    private final ControllerIdentity identity;
    private final Runnable onLeadership;
    private volatile Broker broker;
    private volatile Leadership leadership;

    Coordination(WorkDirs dirs, BrokerMode mode, HostHolders holders, ControllerIdentity identity, Runnable onLeadership) {
        this.dirs = dirs;
        this.mode = mode;
        this.holders = holders;
        this.identity = identity;
        this.onLeadership = onLeadership;
    }

    private static Set<String> leaderOnlyFiles() {
        Set<String> ids = new java.util.HashSet<>();
        for (Phase p : Phase.values()) {
            ids.add(p.routeId());
        }
        ids.add("phase-intake");
        return Set.copyOf(ids);
    }

    @Override
    public void beforeConfigure(BaseMainSupport support) {
        CamelContext camel = support.getCamelContext();
        identity.deferDelay(CamelSetup.longProperty(camel, "sth.broker.deferDelay"));
        camel.addRoutePolicyFactory(new PhaseEventsRoutePolicyFactory(holders));
        if (mode.enabled()) {
            broker = Broker.open(mode, (int) CamelSetup.longProperty(camel, "sth.broker.maxDeliveries"),
                    CamelSetup.longProperty(camel, "sth.broker.redeliveryDelay"),
                    CamelSetup.booleanProperty(camel, "sth.broker.groupRebalance"), CamelSetup.booleanProperty(camel, "sth.broker.webSocket"));
            camel.getRegistry().bind("jms", JmsComponent.jmsComponent(broker.connectionFactory()));
            long requeueAfter = CamelSetup.longProperty(camel, "sth.broker.requeueAfter");
            if (requeueAfter < 2 || requeueAfter > 1000) {
                throw new AutomationException("sth.broker.requeueAfter must be between 2 and 1000 defer delays (it is " + requeueAfter
                        + "; fix: e.g. 5)");
            }
            camel.getRegistry().bind("requeueStuckRunsProcessor", new RequeueStuckRunsProcessor(new StuckRuns(dirs, holders,
                    Duration.ofMillis(requeueAfter * CamelSetup.longProperty(camel, "sth.broker.deferDelay")), java.time.Clock.systemUTC()),
                    broker.connectionFactory()));
        }
        leadership = new Leadership(dirs.root().resolve("cluster"), Duration.ofMillis(CamelSetup.longProperty(camel, "sth.cluster.interval")),
                (int) CamelSetup.longProperty(camel, "sth.cluster.heartbeatMultiplier"),
                mode.enabled() ? LEADER_ONLY_BROKER : LEADER_ONLY_FILES, onLeadership);
        leadership.attach(camel);
    }

    /** This controller's part in the election (null before the context was configured). */
    Leadership leadership() {
        return leadership;
    }

    /** Whether this process runs the broker itself. */
    boolean runsBroker() {
        return broker != null && broker.embedded();
    }

    /** Steps down and closes the broker connection (or the embedded broker). */
    @Override
    public void close() {
        if (leadership != null) {
            leadership.close();
        }
        if (broker != null) {
            try {
                broker.close();
            } catch (RuntimeException ignored) {
                // stopping: the broker's own shutdown failing leaves nothing this process holds
            }
        }
    }
}
