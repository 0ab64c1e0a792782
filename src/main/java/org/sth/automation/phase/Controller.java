package org.sth.automation.phase;

import org.sth.automation.engine.Engine;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.observe.RunsConsole;
import org.sth.automation.observe.RunsJmx;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.sth.automation.AutomationException;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.phase.discover.DiscoverHostProcessor;
import org.sth.automation.phase.finalize.FinalizeRunProcessor;
import org.sth.automation.phase.intake.AcceptRequestProcessor;
import org.sth.automation.phase.intake.RejectRequestProcessor;
import org.sth.automation.engine.intake.RequestIntake;
import org.sth.automation.phase.preflight.CheckReadinessProcessor;
import org.sth.automation.phase.publish.PublishResultsProcessor;
import org.sth.automation.phase.recovery.WriteRecoveryProcessor;

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
        if (!withIntake) {
            main.configure().withRoutesExcludePattern("classpath:routes/10-intake.camel.yaml,file:routes/10-intake.camel.yaml");
        }
        main.addInitialProperty("sth.work", dirs.root().toString());
        main.addInitialProperty("camel.main.shutdownTimeout", "20");
        if (http != null) {
            main.addInitialProperty("camel.management.enabled", "true");
            main.addInitialProperty("camel.management.host", http.getHostString());
            main.addInitialProperty("camel.management.port", Integer.toString(http.getPort()));
            main.addInitialProperty("camel.management.devConsoleEnabled", "true");
            main.addInitialProperty("camel.management.healthCheckEnabled", "true");
            main.addInitialProperty("camel.management.infoEnabled", "true");
        }
        for (String key : new String[] {"sth.redelivery.max", "sth.redelivery.delay", "sth.poll.delay"}) {
            String v = System.getProperty(key);
            if (v != null) {
                main.addInitialProperty(key, v);
            }
        }
        main.bind("acceptRequestProcessor", new AcceptRequestProcessor(new RequestIntake(config, engine.adapters(), dirs)));
        main.bind("rejectRequestProcessor", new RejectRequestProcessor(dirs));
        main.bind("writeRecoveryProcessor", new WriteRecoveryProcessor(dirs));
        main.bind("discoverHostProcessor", new DiscoverHostProcessor(engine));
        main.bind("checkReadinessProcessor", new CheckReadinessProcessor(engine));
        main.bind("stageBundlesProcessor", RunAdapterStepsProcessor.stage(engine));
        main.bind("executeBenchmarksProcessor", RunAdapterStepsProcessor.execute(engine));
        main.bind("collectResultsProcessor", RunAdapterStepsProcessor.collect(engine));
        main.bind("publishResultsProcessor", new PublishResultsProcessor(engine));
        main.bind("finalizeRunProcessor", new FinalizeRunProcessor(engine));
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport support) {
                support.getCamelContext().addRoutePolicyFactory(new PhaseEventsRoutePolicyFactory());
            }
        });
        RunsJmx.register();
        try {
            main.start();
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
