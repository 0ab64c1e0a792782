package org.sth.automation.phase;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.main.Main;
import org.apache.camel.util.concurrent.SynchronousExecutorService;
import org.sth.automation.AutomationException;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.HostHolders;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.engine.intake.RequestIntake;
import org.sth.automation.phase.broker.Broker;
import org.sth.automation.phase.broker.BrokerMode;
import org.sth.automation.phase.broker.DeadLetterProcessor;
import org.sth.automation.phase.broker.SpoolToBrokerProcessor;
import org.sth.automation.phase.collect.CollectResultsProcessor;
import org.sth.automation.phase.discover.DiscoverHostProcessor;
import org.sth.automation.phase.execute.ExecuteBenchmarksProcessor;
import org.sth.automation.phase.finalize.FinalizeRunProcessor;
import org.sth.automation.phase.intake.AcceptRequestProcessor;
import org.sth.automation.phase.intake.RejectRequestProcessor;
import org.sth.automation.phase.intake.SettledRequestReadLock;
import org.sth.automation.phase.lifecycle.ControllerIdentity;
import org.sth.automation.phase.lifecycle.Exchanges;
import org.sth.automation.phase.lifecycle.Lifecycle;
import org.sth.automation.phase.preflight.CheckReadinessProcessor;
import org.sth.automation.phase.publish.PublishResultsProcessor;
import org.sth.automation.phase.recovery.CountRedeliveryProcessor;
import org.sth.automation.phase.recovery.WriteRecoveryProcessor;
import org.sth.automation.phase.stage.StageBundlesProcessor;
import org.sth.automation.run.status.Phase;

/**
 * The Camel context of a controller: which routes load, the engine properties it starts with, the beans the routes
 * name (one processor per phase, the lifecycle's steps, the host pool), and the checks and property readers the
 * controller uses once it runs.
 */
final class CamelSetup {

    /** Where routes load from; {@code -Dsth.routes=file:routes/*.camel.yaml} edits them without a rebuild. */
    static final String ROUTES = System.getProperty("sth.routes", "classpath:routes/*.camel.yaml");
    /** Where broker mode's own routes load from (only in broker mode, so file mode never loads the JMS component). */
    static final String BROKER_ROUTES = System.getProperty("sth.brokerRoutes", "classpath:routes/broker/*.camel.yaml");

    private CamelSetup() {
    }

    /** Names the application, its routes and the engine properties it starts with. */
    static void configure(Main main, AutomationConfig config, WorkDirs dirs, Controller.Options options, BrokerMode brokerMode) {
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
        main.addInitialProperty("sth.intake.enabled", Boolean.toString(options.withIntake()));
        main.addInitialProperty("sth.broker.consumers", Integer.toString(config.execution().maxParallelHosts()));
        if (brokerMode.enabled()) {
            // one setting swaps every phase's endpoint (docs/scaling.md): the phase queues of the broker
            for (Phase p : Phase.values()) {
                main.addOverrideProperty(Exchanges.SPOOL_PROPERTY + p.id(), "jms:queue:" + Broker.queue(p) + "?{{sth.broker.options}}");
            }
        }
        // Camel starts its CLI connector (camel get routes …) while it still creates the routes, and the connector's
        // first status pass runs at once on its own thread, where a lazily started variable repository binds itself
        // into the registry the route creation is iterating: an occasional ConcurrentModificationException at start.
        // So the context's own connector is off, and the controller starts one once the context has started.
        org.apache.camel.cli.connector.DefaultCliConnectorFactory cliOff = new org.apache.camel.cli.connector.DefaultCliConnectorFactory();
        cliOff.setEnabled(false);
        main.bind("sthCliConnectorFactory", cliOff);
    }

    /**
     * Binds what the routes name: each phase's processor, the intake and recovery processors, the lifecycle's steps,
     * and the host pool (returned: the controller shuts it down). Runs of different hosts proceed at once in every
     * phase, up to max_parallel_hosts; with a broker, each phase queue's consumers are the parallel hosts and a message
     * stays on its consumer's thread, so the hand-off to the next queue commits with the delivery.
     */
    static ExecutorService bindBeans(Main main, AutomationConfig config, Engine engine, WorkDirs dirs, HostHolders holders,
                                     ControllerIdentity identity, boolean broker) {
        for (Processor p : List.of(new AcceptRequestProcessor(new RequestIntake(config, engine.adapters(config), dirs)),
                new RejectRequestProcessor(dirs), new WriteRecoveryProcessor(dirs, broker), new CountRedeliveryProcessor(),
                new SpoolToBrokerProcessor(dirs), new DeadLetterProcessor(dirs, holders), new DiscoverHostProcessor(engine),
                new CheckReadinessProcessor(engine), new StageBundlesProcessor(engine), new ExecuteBenchmarksProcessor(engine),
                new CollectResultsProcessor(engine), new PublishResultsProcessor(engine), new FinalizeRunProcessor(engine))) {
            main.bind(beanName(p), p);
        }
        Lifecycle.beans(holders, identity).forEach(main::bind);
        main.bind("settledRequestReadLock", new SettledRequestReadLock());
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = broker ? new SynchronousExecutorService() : Executors.newFixedThreadPool(config.execution().maxParallelHosts(), r -> {
            Thread t = new Thread(r, "sth-host-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        main.bind(Controller.HOST_POOL, pool);
        return pool;
    }

    /** The bean name a route refers to a processor by: its class name, lower camel case. */
    static String beanName(Processor p) {
        String simple = p.getClass().getSimpleName();
        return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
    }

    /**
     * Every phase has its route (by id), made from the phase lifecycle template: a renamed or hand-written route would
     * silently stop that phase, or skip its admission and its events. (Camel keeps no template id on a route; a route
     * made from a template with the lifecycle's parameters, while that template is loaded, is one of its routes.)
     */
    static void checkPhaseRoutes(CamelContext camel) {
        org.apache.camel.model.Model model = camel.getCamelContextExtension().getContextPlugin(org.apache.camel.model.Model.class);
        boolean templateLoaded = model.getRouteTemplateDefinition(Lifecycle.TEMPLATE) != null;
        for (Phase p : Phase.values()) {
            org.apache.camel.model.RouteDefinition route = camel.getRoute(p.routeId()) == null ? null : model.getRouteDefinition(p.routeId());
            if (route == null || !templateLoaded || !route.isCreatedFromTemplate() || route.getTemplateParameters() == null
                    || !route.getTemplateParameters().keySet().equals(Lifecycle.PARAMETERS)) {
                throw new AutomationException((route == null ? "no route with id '" + p.routeId() + "' was loaded from " + ROUTES
                        : "route '" + p.routeId() + "' (" + ROUTES + ") is not made from the '" + Lifecycle.TEMPLATE + "' template")
                        + " (fix: each phase is a templatedRoute of '" + Lifecycle.TEMPLATE + "' with routeId phase-<phase>; see docs/contributing.md)");
            }
        }
    }

    /** A whole-number engine property (application.properties, --properties, -D or the environment), named in the error. */
    static long longProperty(CamelContext camel, String key) {
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
}
