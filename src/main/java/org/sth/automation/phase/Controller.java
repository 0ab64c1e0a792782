package org.sth.automation.phase;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.sth.automation.AutomationException;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.engine.intake.RequestIntake;
import org.sth.automation.observe.RunsConsole;
import org.sth.automation.observe.RunsJmx;
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

    private final Main main;

    private Controller(Main main) {
        this.main = main;
    }

    public static Controller start(AutomationConfig config, Engine engine, boolean withIntake) {
        return start(config, engine, withIntake, null);
    }

    /**
     * As {@link #start(AutomationConfig, Engine, boolean)}; with {@code http} (host and port, port 0 = any free one)
     * Camel's management HTTP server also serves the dev consoles ({@code /q/dev/sth-runs}) and health checks.
     */
    public static Controller start(AutomationConfig config, Engine engine, boolean withIntake, java.net.InetSocketAddress http) {
        engine.register(config);
        WorkDirs dirs = new WorkDirs(config.paths().workRoot().toAbsolutePath());
        Main main = new Main();
        main.configure().withName("sth-bench-automation")
                .withRoutesIncludePattern(ROUTES)
                .withJmxEnabled(true)
                .withDevConsoleEnabled(true)
                .withDurationMaxSeconds(0);
        main.addInitialProperty("sth.work", dirs.root().toString());
        main.addInitialProperty("sth.intake.enabled", Boolean.toString(withIntake));
        if (http != null) {
            main.addInitialProperty("camel.management.enabled", "true");
            main.addInitialProperty("camel.management.host", http.getHostString());
            main.addInitialProperty("camel.management.port", Integer.toString(http.getPort()));
            main.addInitialProperty("camel.management.devConsoleEnabled", "true");
            main.addInitialProperty("camel.management.healthCheckEnabled", "true");
            main.addInitialProperty("camel.management.infoEnabled", "true");
        }
        for (Processor p : List.of(new AcceptRequestProcessor(new RequestIntake(config, engine.adapters(config), dirs)),
                new RejectRequestProcessor(dirs), new WriteRecoveryProcessor(dirs), new CountRedeliveryProcessor(), new DiscoverHostProcessor(engine),
                new CheckReadinessProcessor(engine), new StageBundlesProcessor(engine), new ExecuteBenchmarksProcessor(engine),
                new CollectResultsProcessor(engine), new PublishResultsProcessor(engine), new FinalizeRunProcessor(engine))) {
            main.bind(beanName(p), p);
        }
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport support) {
                support.getCamelContext().addRoutePolicyFactory(new PhaseEventsRoutePolicyFactory());
            }
        });
        RunsJmx.register();
        try {
            main.start();
            checkPhaseRoutes(main.getCamelContext());
            DevConsoleRegistry consoles = DevConsoleRegistry.get(main.getCamelContext());
            if (consoles != null) {
                consoles.setEnabled(true);
                consoles.register(new RunsConsole());
            }
        } catch (Exception e) {
            throw new AutomationException("Cannot start the Camel routes: " + e.getMessage(), e);
        }
        return new Controller(main);
    }

    /** The bean name a route refers to a processor by: its class name, lower camel case. */
    static String beanName(Processor p) {
        String simple = p.getClass().getSimpleName();
        return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
    }

    /** Every phase has its route (by id): a renamed or missing route would silently stop that phase and its events. */
    private static void checkPhaseRoutes(CamelContext camel) {
        for (Phase p : Phase.values()) {
            if (camel.getRoute(p.routeId()) == null) {
                throw new AutomationException("no route with id '" + p.routeId() + "' was loaded from " + ROUTES
                        + " (fix: each phase's route keeps the id phase-<phase>; see docs/contributing.md)");
            }
        }
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        RunsJmx.unregister();
        try {
            main.stop();
            main.getCamelContext().getShutdownStrategy().setTimeout(20);
            main.getCamelContext().getShutdownStrategy().setTimeUnit(TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AutomationException("Cannot stop the Camel routes cleanly: " + e.getMessage(), e);
        }
    }
}
