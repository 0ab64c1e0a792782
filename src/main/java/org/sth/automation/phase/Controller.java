package org.sth.automation.phase;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.util.concurrent.SynchronousExecutorService;
import org.sth.automation.AutomationException;
import org.sth.automation.UsageException;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.HostHolders;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.engine.intake.RequestIntake;
import org.sth.automation.observe.EngineMetrics;
import org.sth.automation.observe.GuardedHttpServerFactory;
import org.sth.automation.observe.HttpGuard;
import org.sth.automation.observe.HttpOptions;
import org.sth.automation.observe.ReadOnlyDevConsoles;
import org.sth.automation.observe.RecoveryOperations;
import org.sth.automation.observe.RunsConsole;
import org.sth.automation.observe.RunsIndex;
import org.sth.automation.observe.RunsJmx;
import org.sth.automation.observe.ServeHealth;
import org.sth.automation.observe.WebRoutes;
import org.sth.automation.observe.WorkFolders;
import org.sth.automation.phase.broker.Broker;
import org.sth.automation.phase.broker.BrokerMode;
import org.sth.automation.phase.broker.DeadLetterProcessor;
import org.sth.automation.phase.broker.SpoolToBrokerProcessor;
import org.sth.automation.phase.cluster.Leadership;
import org.sth.automation.phase.collect.CollectResultsProcessor;
import org.sth.automation.phase.discover.DiscoverHostProcessor;
import org.sth.automation.phase.execute.ExecuteBenchmarksProcessor;
import org.sth.automation.phase.finalize.FinalizeRunProcessor;
import org.sth.automation.phase.intake.AcceptRequestProcessor;
import org.sth.automation.phase.intake.RejectRequestProcessor;
import org.sth.automation.phase.preflight.CheckReadinessProcessor;
import org.sth.automation.phase.publish.PublishResultsProcessor;
import org.sth.automation.phase.recovery.CountRedeliveryProcessor;
import org.sth.automation.phase.recovery.WriteRecoveryProcessor;
import org.sth.automation.phase.route.ControllerIdentity;
import org.sth.automation.phase.route.Exchanges;
import org.sth.automation.phase.route.HostFilter;
import org.sth.automation.phase.route.PhaseEventsRoutePolicyFactory;
import org.sth.automation.phase.stage.StageBundlesProcessor;
import org.sth.automation.run.status.Phase;

/**
 * The Camel application: loads the phase routes ({@code routes/*.camel.yaml}), binds their processors
 * and the phase-event policy, and runs until closed. Used by {@code serve}, {@code run}, {@code resume}.
 */
public final class Controller implements AutoCloseable {

    /** Where routes load from; {@code -Dsth.routes=file:routes/*.camel.yaml} edits them without a rebuild. */
    public static final String ROUTES = System.getProperty("sth.routes", "classpath:routes/*.camel.yaml");

    /** The bean name of the pool the phase routes hand their messages to ({@code threads: executorService}). */
    public static final String HOST_POOL = "sthHostPool";

    /** The routes that run in the leader of a work root only, in file mode: every phase and the inbox. */
    static final Set<String> LEADER_ONLY_FILES = leaderOnlyFiles();
    /** The routes that run in the leader only, in broker mode: the inbox, the spool-to-broker bridge, the dead letters. */
    static final Set<String> LEADER_ONLY_BROKER = Set.of("phase-intake", "broker-bridge", "broker-dead-letters");
    /** Where broker mode's own routes load from (only in broker mode, so file mode never loads the JMS component). */
    public static final String BROKER_ROUTES = System.getProperty("sth.brokerRoutes", "classpath:routes/broker/*.camel.yaml");

    private final Main main;
    private final ExecutorService hostPool;
    private final HostHolders holders;
    private final HttpOptions http;
    private final EngineMetrics metrics;
    private final boolean management;
    private final Leadership leadership;
    private final AtomicReference<Broker> broker;

    private Controller(Main main, ExecutorService hostPool, HostHolders holders, HttpOptions http, EngineMetrics metrics, boolean management,
            Leadership leadership, AtomicReference<Broker> broker) {
        this.main = main;
        this.hostPool = hostPool;
        this.holders = holders;
        this.http = http;
        this.metrics = metrics;
        this.management = management;
        this.leadership = leadership;
        this.broker = broker;
    }

    private static Set<String> leaderOnlyFiles() {
        Set<String> ids = new java.util.HashSet<>();
        for (Phase p : Phase.values()) {
            ids.add(p.routeId());
        }
        ids.add("phase-intake");
        return Set.copyOf(ids);
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
     * Starts the routes. With {@code options.http()} the controller also serves, on one port: the run pages and JSON
     * endpoints ({@link WebRoutes}), health ({@code /observe/health}) and Prometheus metrics ({@code /observe/metrics});
     * Camel's developer consoles only when asked ({@code --dev-consoles}, loopback only). A port that cannot be bound is
     * an error here, not a server that runs on without HTTP.
     */
    public static Controller start(AutomationConfig config, Engine engine, Options options) {
        engine.register(config);
        WorkDirs dirs = new WorkDirs(config.paths().workRoot().toAbsolutePath());
        boolean withIntake = options.withIntake();
        HttpOptions http = options.http() == null ? null : options.http().bound();
        BrokerMode brokerMode = options.broker() == null ? BrokerMode.FILES : options.broker();
        Main main = new Main();
        main.configure().withName("sth-bench-automation")
                .withRoutesIncludePattern(brokerMode.enabled() ? ROUTES + "," + BROKER_ROUTES : ROUTES)
                .withJmxEnabled(options.management())
                .withDevConsoleEnabled(options.management())
                .withDurationMaxSeconds(0);
        if (options.properties() != null) {
            main.setPropertyPlaceholderLocations("classpath:application.properties;optional=true,file:"
                    + options.properties().toAbsolutePath());
        }
        main.addInitialProperty("sth.work", dirs.root().toString());
        main.addInitialProperty("sth.intake.enabled", Boolean.toString(withIntake));
        main.addInitialProperty("sth.broker.consumers", Integer.toString(config.execution().maxParallelHosts()));
        if (brokerMode.enabled()) {
            // one setting swaps every phase's endpoint (docs/scaling.md): the phase queues of the broker
            for (Phase p : Phase.values()) {
                main.addOverrideProperty(Exchanges.SPOOL_PROPERTY + p.id(), "jms:queue:" + Broker.queue(p) + "?{{sth.broker.options}}");
            }
        }
        WorkFolders folders = folders(dirs);
        RunsIndex index = new RunsIndex(dirs.requests());
        PrometheusMeterRegistry meters = null;
        if (http != null) {
            // override properties: no properties file can widen what the command line allowed
            String port = Integer.toString(http.port());
            main.addOverrideProperty("camel.server.enabled", "true");
            main.addOverrideProperty("camel.server.host", http.bind());
            main.addOverrideProperty("camel.server.port", port);
            main.addOverrideProperty("camel.server.staticEnabled", "false");
            main.addOverrideProperty("camel.server.fileUploadEnabled", "false");
            main.addOverrideProperty("camel.server.maxBodySize", Long.toString(HttpOptions.MAX_BODY));
            // Host, Origin and the token are checked before any route and before a body is read (docs/operations.md)
            main.bind("sthHttpServerFactory", new GuardedHttpServerFactory(new HttpGuard(http)));
            main.addOverrideProperty("camel.management.enabled", "true");
            main.addOverrideProperty("camel.management.host", http.bind());
            main.addOverrideProperty("camel.management.port", port);
            main.addOverrideProperty("camel.management.healthCheckEnabled", "true");
            main.addOverrideProperty("camel.management.metricsEnabled", "true");
            main.addOverrideProperty("camel.management.devConsoleEnabled", Boolean.toString(http.devConsoles()));
            main.addOverrideProperty("camel.management.infoEnabled", "false");
            main.addOverrideProperty("camel.management.jolokiaEnabled", "false");
            main.addOverrideProperty("camel.management.sendEnabled", "false");
            main.addOverrideProperty("camel.management.uploadEnabled", "false");
            main.addOverrideProperty("camel.management.downloadEnabled", "false");
            main.addOverrideProperty("camel.metrics.enabled", "true");
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            main.bind("metricsRegistry", meters);
            main.configure().addRoutesBuilder(new WebRoutes(index, options.recovery(), http));
        }
        // runs of different hosts proceed at once in every phase, up to max_parallel_hosts; a host is held by one run
        // at a time (the spools' filter leaves another run's message where it is until the host is free; with a broker,
        // the message is queued again after a delay)
        HostHolders holders = new HostHolders(dirs, brokerMode.enabled());
        for (Processor p : List.of(new AcceptRequestProcessor(new RequestIntake(config, engine.adapters(config), dirs)),
                new RejectRequestProcessor(dirs), new WriteRecoveryProcessor(dirs, brokerMode.enabled()), new CountRedeliveryProcessor(),
                new SpoolToBrokerProcessor(dirs), new DeadLetterProcessor(dirs, holders), new DiscoverHostProcessor(engine),
                new CheckReadinessProcessor(engine), new StageBundlesProcessor(engine), new ExecuteBenchmarksProcessor(engine),
                new CollectResultsProcessor(engine), new PublishResultsProcessor(engine), new FinalizeRunProcessor(engine))) {
            main.bind(beanName(p), p);
        }
        // with a broker, each phase queue's consumers are the parallel hosts, and a message stays on its consumer's
        // thread: the hand-off to the next queue commits with the delivery, in one transaction
        ExecutorService hostPool = brokerMode.enabled() ? new SynchronousExecutorService() : Executors.newFixedThreadPool(config.execution().maxParallelHosts(), new ThreadFactory() {
            private final AtomicInteger n = new AtomicInteger();

            @Override
            public Thread newThread(Runnable r) {
                Thread t = new Thread(r, "sth-host-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            }
        });
        main.bind(HOST_POOL, hostPool);
        // Camel starts its CLI connector (camel get routes …) while it still creates the routes, and the connector's
        // first status pass runs at once on its own thread, where a lazily started variable repository binds itself
        // into the registry the route creation is iterating: an occasional ConcurrentModificationException at start.
        // So the context's own connector is off, and this controller starts one once the context has started.
        org.apache.camel.cli.connector.DefaultCliConnectorFactory cliOff = new org.apache.camel.cli.connector.DefaultCliConnectorFactory();
        cliOff.setEnabled(false);
        main.bind("sthCliConnectorFactory", cliOff);
        // the enter step belongs to the phase-event policy, made once the context's properties are known (beforeConfigure);
        // bound here, with the other beans, so the registry is not changed while Camel configures the context
        AtomicReference<Processor> enterPhase = new AtomicReference<>();
        main.bind(PhaseEventsRoutePolicyFactory.ENTER_PHASE, (Processor) exchange -> enterPhase.get().process(exchange));
        main.bind("hostFilter", new HostFilter(holders));
        AtomicReference<Leadership> leadership = new AtomicReference<>();
        AtomicReference<Broker> broker = new AtomicReference<>();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport support) {
                CamelContext camel = support.getCamelContext();
                ControllerIdentity identity = new ControllerIdentity(brokerMode.enabled(), longProperty(camel, "sth.broker.deferDelay"));
                PhaseEventsRoutePolicyFactory phaseEvents = new PhaseEventsRoutePolicyFactory(holders, identity);
                camel.addRoutePolicyFactory(phaseEvents);
                enterPhase.set(phaseEvents.enterPhase());
                if (brokerMode.enabled()) {
                    Broker b = Broker.open(brokerMode, (int) longProperty(camel, "sth.broker.maxDeliveries"),
                            longProperty(camel, "sth.broker.redeliveryDelay"),
                            booleanProperty(camel, "sth.broker.groupRebalance"), booleanProperty(camel, "sth.broker.webSocket"));
                    broker.set(b);
                    camel.getRegistry().bind("jms", JmsComponent.jmsComponent(b.connectionFactory()));
                }
                Leadership l = new Leadership(dirs.root().resolve("cluster"), Duration.ofMillis(longProperty(camel, "sth.cluster.interval")),
                        (int) longProperty(camel, "sth.cluster.heartbeatMultiplier"),
                        brokerMode.enabled() ? LEADER_ONLY_BROKER : LEADER_ONLY_FILES, options.onLeadership());
                l.attach(camel);
                leadership.set(l);
            }
        });
        if (options.management()) {
            RunsJmx.register(options.recovery());
            // the developer consoles that send, receive or act are never registered, over HTTP or otherwise
            main.bind("sthDevConsoles", new ReadOnlyDevConsoles());
        }
        EngineMetrics metrics = null;
        try {
            main.start();
            checkPhaseRoutes(main.getCamelContext());
            main.getCamelContext().addService(new org.apache.camel.cli.connector.DefaultCliConnectorFactory().createConnector(), true, true);
            leadership.get().join();
            DevConsoleRegistry consoles = options.management() ? DevConsoleRegistry.get(main.getCamelContext()) : null;
            if (consoles != null) {
                consoles.setEnabled(true);
                consoles.register(new RunsConsole());
            }
            if (options.management()) {
                ServeHealth.register(main.getCamelContext(), folders, index);
            }
            if (http != null) {
                requireListening(main.getCamelContext(), http);
                metrics = EngineMetrics.register(meters, folders, index, engine::openSessions);
            }
        } catch (AutomationException e) {
            stopQuietly(main, leadership.get(), broker.get());
            hostPool.shutdownNow();
            throw e;
        } catch (Exception e) {
            stopQuietly(main, leadership.get(), broker.get());
            hostPool.shutdownNow();
            AutomationException cause = findCause(e, AutomationException.class);
            if (cause != null) {
                throw cause;
            }
            // not a configuration problem the message explains: the trace goes to the log for whoever reports it
            org.slf4j.LoggerFactory.getLogger(Controller.class).error("Cannot start the Camel routes", e);
            throw new AutomationException("Cannot start the Camel routes: " + e.getMessage(), e);
        }
        return new Controller(main, hostPool, holders, http, metrics, options.management(), leadership.get(), broker);
    }

    private static WorkFolders folders(WorkDirs dirs) {
        Map<Phase, Path> spools = new EnumMap<>(Phase.class);
        Map<Phase, Path> recovery = new EnumMap<>(Phase.class);
        for (Phase p : Phase.values()) {
            spools.put(p, dirs.spool(p));
            recovery.put(p, dirs.recovery(p));
        }
        return new WorkFolders(dirs.root(), dirs.inbox(), dirs.requests(), spools, recovery);
    }

    /** The HTTP server really listens on the port (Vert.x logs a failed bind and goes on; we do not). */
    private static void requireListening(CamelContext camel, HttpOptions http) {
        VertxPlatformHttpServer server = camel.hasService(VertxPlatformHttpServer.class);
        if (server == null || server.getServer() == null || server.getServer().actualPort() != http.port()) {
            throw new UsageException("cannot serve HTTP on " + http.bind() + ":" + http.port()
                    + " (the port was taken while starting; fix: choose a free --http-port)");
        }
    }

    private static void stopQuietly(Main main, Leadership leadership, Broker broker) {
        try {
            main.stop();
        } catch (RuntimeException ignored) {
            // already failing: the start error is the one to report
        }
        if (leadership != null) {
            leadership.close();
        }
        if (broker != null) {
            try {
                broker.close();
            } catch (RuntimeException ignored) {
                // already failing
            }
        }
        RunsJmx.unregister();
    }

    private static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** A whole-number engine property (application.properties, --properties, -D or the environment), named in the error. */
    private static long longProperty(CamelContext camel, String key) {
        String value = camel.resolvePropertyPlaceholders("{{" + key + "}}");
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new AutomationException("property " + key + " = '" + value + "' is not a whole number (fix: set it in application.properties "
                    + "or the --properties file, e.g. " + key + " = 1000)");
        }
    }

    /** A true/false property; anything else is refused with the key and the fix (never read as false). */
    static boolean booleanProperty(CamelContext camel, String key) {
        String value = camel.resolvePropertyPlaceholders("{{" + key + "}}").strip();
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new AutomationException("property " + key + " = '" + value + "' is neither true nor false (fix: set it in application.properties "
                + "or the --properties file, e.g. " + key + " = false)");
    }

        /** Where HTTP is served ({@code http://host:port}), or null without HTTP. */
    public String httpAddress() {
        return http == null ? null : "http://" + (http.bind().contains(":") ? "[" + http.bind() + "]" : http.bind()) + ":" + http.port();
    }

    /** The bean name a route refers to a processor by: its class name, lower camel case. */
    static String beanName(Processor p) {
        String simple = p.getClass().getSimpleName();
        return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
    }

    /**
     * Every phase has its route (by id), and its route enters the phase right after its {@code threads} step: a renamed or
     * missing route would silently stop that phase and its events, a missing enter step its {@code phase_entered}.
     */
    static void checkPhaseRoutes(CamelContext camel) {
        org.apache.camel.model.Model model = camel.getCamelContextExtension().getContextPlugin(org.apache.camel.model.Model.class);
        for (Phase p : Phase.values()) {
            if (camel.getRoute(p.routeId()) == null) {
                throw new AutomationException("no route with id '" + p.routeId() + "' was loaded from " + ROUTES
                        + " (fix: each phase's route keeps the id phase-<phase>; see docs/contributing.md)");
            }
            List<org.apache.camel.model.ProcessorDefinition<?>> steps = model.getRouteDefinition(p.routeId()).getOutputs();
            int threads = 0;
            while (threads < steps.size() && !(steps.get(threads) instanceof org.apache.camel.model.ThreadsDefinition)) {
                threads++;
            }
            int enter = threads == steps.size() ? 0 : threads + 1;
            if (enter >= steps.size() || !(steps.get(enter) instanceof org.apache.camel.model.ProcessDefinition pd)
                    || !PhaseEventsRoutePolicyFactory.ENTER_PHASE.equals(pd.getRef())) {
                throw new AutomationException("route '" + p.routeId() + "' (" + ROUTES + ") does not enter its phase right after its "
                        + "threads step (fix: its steps begin with 'threads: {executorService: " + HOST_POOL + "}' then 'process: {ref: "
                        + PhaseEventsRoutePolicyFactory.ENTER_PHASE + "}'; see docs/contributing.md)");
            }
        }
    }

    /** This controller's part in the election among the controllers of its work root. */
    public Leadership leadership() {
        return leadership;
    }

    /** Whether this process runs the broker itself. */
    public boolean runsBroker() {
        return broker.get() != null && broker.get().embedded();
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
        if (management) {
            RunsJmx.unregister();
        }
        if (metrics != null) {
            metrics.close();
        }
        try {
            main.stop();
            main.getCamelContext().getShutdownStrategy().setTimeout(20);
            main.getCamelContext().getShutdownStrategy().setTimeUnit(TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AutomationException("Cannot stop the Camel routes cleanly: " + e.getMessage(), e);
        } finally {
            leadership.close();
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
            if (broker.get() != null) {
                broker.get().close();
            }
        }
    }
}
