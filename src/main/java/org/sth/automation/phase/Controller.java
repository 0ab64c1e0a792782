package org.sth.automation.phase;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.sth.automation.AutomationException;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.HostHolders;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.observe.HttpOptions;
import org.sth.automation.observe.RecoveryOperations;
import org.sth.automation.phase.broker.BrokerMode;
import org.sth.automation.phase.cluster.Leadership;
import org.sth.automation.phase.cluster.WorkRootConfig;
import org.sth.automation.phase.lifecycle.ControllerIdentity;

/**
 * The Camel application: loads the phase routes ({@code routes/*.camel.yaml}) and runs them until closed. Used by
 * {@code serve}, {@code run}, {@code resume}, {@code replay}. Three parts, each read on its own: the Camel context with
 * its routes and beans ({@link CamelSetup}), what operators see ({@link ManagementSurface}: JMX, consoles, HTTP,
 * metrics) and the work with other controllers ({@link Coordination}: the broker and the leadership election).
 */
public final class Controller implements AutoCloseable {

    /** The bean name of the pool the phase routes hand their messages to ({@code threads: executorService}). */
    public static final String HOST_POOL = "sthHostPool";

    private final Main main;
    private final ExecutorService hostPool;
    private final HostHolders holders;
    private final ManagementSurface surface;
    private final Coordination coordination;
    private final WorkRootConfig member;

    private Controller(Main main, ExecutorService hostPool, HostHolders holders, ManagementSurface surface, Coordination coordination,
            WorkRootConfig member) {
        this.member = member;
        this.main = main;
        this.hostPool = hostPool;
        this.holders = holders;
        this.surface = surface;
        this.coordination = coordination;
    }

    public static Controller start(AutomationConfig config, Engine engine, boolean withIntake) {
        return start(config, engine, new Options(withIntake, null, null, null));
    }

    /**
     * How a controller runs besides its routes.
     *
     * @param withIntake whether the inbox route runs
     * @param http whether and how {@code serve} answers over HTTP (null: no HTTP server)
     * @param recovery the recovery queue operations JMX and HTTP offer (null: none)
     * @param properties an operator's properties file layered over the packaged application.properties (null: none)
     * @param management whether the controller registers its JMX views, dev consoles and health checks (a daemon's
     *                   views: the largest part of Camel's start-up, left out for one-shot verbs)
     */
    public record Options(boolean withIntake, HttpOptions http, RecoveryOperations recovery, Path properties, boolean management,
            BrokerMode broker, Runnable onLeadership) {

        /** A daemon's options: with its management views. */
        public Options(boolean withIntake, HttpOptions http, RecoveryOperations recovery, Path properties) {
            this(withIntake, http, recovery, properties, true, BrokerMode.FILES, null);
        }

        /** The options of a one-shot verb ({@code run}, {@code resume}, {@code replay}): no HTTP, no management views. */
        public static Options oneShot(boolean withIntake, RecoveryOperations recovery, Path properties) {
            return new Options(withIntake, null, recovery, properties, false, BrokerMode.FILES, null);
        }

        /** These options with the phase queues on a broker ({@link BrokerMode#FILES}: the file spools). */
        public Options withBroker(BrokerMode mode) {
            return new Options(withIntake, http, recovery, properties, management, mode, onLeadership);
        }

        /** These options with {@code hook} run each time this controller becomes the work root's leader, before its routes start. */
        public Options withOnLeadership(Runnable hook) {
            return new Options(withIntake, http, recovery, properties, management, broker, hook);
        }
    }

    /**
     * Starts the routes. A port that cannot be bound is an error here, not a server that runs on without HTTP; a start
     * that fails stops everything it had started.
     */
    public static Controller start(AutomationConfig config, Engine engine, Options options) {
        engine.register(config);
        WorkDirs dirs = new WorkDirs(config.paths().workRoot().toAbsolutePath());
        // one config per work root: a controller or verb with another config than the running ones is refused here (exit 2)
        WorkRootConfig member = WorkRootConfig.join(dirs.root(), config);
        try {
            return start(config, engine, options, dirs, member);
        } catch (RuntimeException e) {
            member.close();
            throw e;
        }
    }

    private static Controller start(AutomationConfig config, Engine engine, Options options, WorkDirs dirs, WorkRootConfig member) {
        BrokerMode brokerMode = options.broker() == null ? BrokerMode.FILES : options.broker();
        HttpOptions http = options.http() == null ? null : options.http().bound();
        // a host is held by one run at a time (the admit step of every phase route)
        HostHolders holders = new HostHolders(dirs, brokerMode.enabled());
        ControllerIdentity identity = new ControllerIdentity(brokerMode.enabled());
        Main main = new Main();
        CamelSetup.configure(main, config, dirs, options, brokerMode);
        ManagementSurface surface = new ManagementSurface(http, options.management(), dirs);
        surface.configure(main, options.recovery());
        ExecutorService hostPool = CamelSetup.bindBeans(main, config, engine, dirs, holders, identity, brokerMode.enabled());
        Coordination coordination = new Coordination(dirs, brokerMode, holders, identity, options.onLeadership());
        main.addMainListener(coordination);
        try {
            main.start();
            CamelSetup.checkPhaseRoutes(main.getCamelContext());
            if (CamelSetup.booleanProperty(main.getCamelContext(), "sth.camel.cliConnector")) {
                main.getCamelContext().addService(new org.apache.camel.cli.connector.DefaultCliConnectorFactory().createConnector(), true, true);
            }
            coordination.leadership().join();
            surface.started(main.getCamelContext(), engine);
        } catch (RuntimeException e) {
            stopQuietly(main, surface, coordination);
            hostPool.shutdownNow();
            AutomationException cause = findCause(e, AutomationException.class);
            if (cause != null) {
                throw cause;
            }
            // not a configuration problem the message explains: the trace goes to the log for whoever reports it
            org.slf4j.LoggerFactory.getLogger(Controller.class).error("Cannot start the Camel routes", e);
            throw new AutomationException("Cannot start the Camel routes: " + e.getMessage(), e);
        } catch (Exception e) {
            stopQuietly(main, surface, coordination);
            hostPool.shutdownNow();
            org.slf4j.LoggerFactory.getLogger(Controller.class).error("Cannot start the Camel routes", e);
            throw new AutomationException("Cannot start the Camel routes: " + e.getMessage(), e);
        }
        return new Controller(main, hostPool, holders, surface, coordination, member);
    }

    private static void stopQuietly(Main main, ManagementSurface surface, Coordination coordination) {
        try {
            main.stop();
        } catch (RuntimeException ignored) {
            // already failing: the start error is the one to report
        }
        coordination.close();
        surface.close();
    }

    private static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Where HTTP is served ({@code http://host:port}), or null without HTTP. */
    public String httpAddress() {
        return surface.address();
    }

    /** This controller's part in the election among the controllers of its work root. */
    public Leadership leadership() {
        return coordination.leadership();
    }

    /** Whether this process runs the broker itself. */
    public boolean runsBroker() {
        return coordination.runsBroker();
    }

    /** Which run holds which host, as this controller sees it. */
    public HostHolders holders() {
        return holders;
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        surface.close();
        try {
            // in-flight exchanges get the shutdown timeout to finish, then the routes are forced down
            main.getCamelContext().getShutdownStrategy().setTimeout(20);
            main.getCamelContext().getShutdownStrategy().setTimeUnit(TimeUnit.SECONDS);
            main.stop();
        } catch (Exception e) {
            throw new AutomationException("Cannot stop the Camel routes cleanly: " + e.getMessage(), e);
        } finally {
            // exchanges finish on the pool's threads (the last events of a phase, the spool file's removal): let them
            hostPool.shutdown();
            try {
                if (!hostPool.awaitTermination(20, TimeUnit.SECONDS)) {
                    hostPool.shutdownNow();
                }
            } catch (InterruptedException e) {
                hostPool.shutdownNow();
                Thread.currentThread().interrupt();
            }
            coordination.close();
            member.close();
        }
    }
}
