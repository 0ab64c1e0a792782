package org.sth.automation.phase;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.main.Main;
import org.sth.automation.UsageException;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.WorkDirs;
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
import org.sth.automation.run.status.Phase;

/**
 * What a controller shows to operators besides its runs: the JMX views, the developer console of runs and the health
 * checks (a daemon's, left out for one-shot verbs), and with {@code --http-port} one HTTP port serving the run pages and
 * JSON endpoints ({@link WebRoutes}), health ({@code /observe/health}) and Prometheus metrics ({@code /observe/metrics}),
 * Camel's developer consoles only when asked ({@code --dev-consoles}, loopback only).
 */
final class ManagementSurface implements AutoCloseable {

    private final HttpOptions http;
    private final boolean management;
    private final WorkFolders folders;
    private final RunsIndex index;
    private PrometheusMeterRegistry meters;
    private EngineMetrics metrics;

    /** @param http the bound HTTP options, or null without an HTTP server */
    ManagementSurface(HttpOptions http, boolean management, WorkDirs dirs) {
        this.http = http;
        this.management = management;
        this.folders = folders(dirs);
        this.index = new RunsIndex(dirs.requests());
    }

    /** Before start: the HTTP server's settings (override properties: no properties file can widen what the command line allowed). */
    void configure(Main main, RecoveryOperations recovery) {
        if (http != null) {
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
            main.configure().addRoutesBuilder(new WebRoutes(index, recovery, http));
        }
        if (management) {
            RunsJmx.register(recovery, index);
            // the developer consoles that send, receive or act are never registered, over HTTP or otherwise
            main.bind("sthDevConsoles", new ReadOnlyDevConsoles());
        }
    }

    /** Once the context runs: the runs console, health checks, the port really listening, the engine's meters. */
    void started(CamelContext camel, Engine engine) {
        if (management) {
            DevConsoleRegistry consoles = DevConsoleRegistry.get(camel);
            if (consoles != null) {
                consoles.setEnabled(true);
                consoles.register(new RunsConsole(index));
            }
            ServeHealth.register(camel, folders, index);
        }
        if (http != null) {
            requireListening(camel, http);
            metrics = EngineMetrics.register(meters, folders, index, engine::openSessions);
        }
    }

    /** Where HTTP is served ({@code http://host:port}), or null without HTTP. */
    String address() {
        return http == null ? null : "http://" + (http.bind().contains(":") ? "[" + http.bind() + "]" : http.bind()) + ":" + http.port();
    }

    @Override
    public void close() {
        if (management) {
            RunsJmx.unregister();
        }
        if (metrics != null) {
            metrics.close();
        }
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
}
