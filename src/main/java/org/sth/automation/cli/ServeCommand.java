package org.sth.automation.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.phase.Controller;
import org.sth.automation.transport.SecretSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code serve}: the long-running controller; watches inbox/ for run requests until stopped (SIGTERM / Ctrl-C). */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Watch inbox/ for run requests (TOML or JSON) and run them until stopped.")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "The TOML config file.")
    Path config;

    @Option(names = "--http-port", description = "Also serve the Camel dev consoles (e.g. /q/dev/sth-runs) and health checks "
            + "over HTTP on this port (0 = any free port; off by default). Nothing there asks for credentials.")
    Integer httpPort;

    @Option(names = "--http-host", defaultValue = "127.0.0.1", description = "Address the HTTP port binds to (default ${DEFAULT-VALUE}).")
    String httpHost;

    @Override
    public Integer call() throws InterruptedException {
        AutomationConfig cfg = Adapters.loadConfig(config);
        Adapters.registry(cfg).checkConfig(cfg);
        CountDownLatch stop = new CountDownLatch(1);
        try (Engine engine = Engine.standard(SecretSource.ENVIRONMENT); Controller controller = Controller.start(cfg, engine, true,
                httpPort == null ? null : InetSocketAddress.createUnresolved(httpHost, httpPort))) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "sth-serve-stop"));
            WorkDirs dirs = new WorkDirs(cfg.paths().workRoot().toAbsolutePath());
            Output.out(spec).println("Watching " + dirs.inbox() + " for run requests (*.toml, *.json); rejected ones go to "
                    + dirs.rejected());
            Output.out(spec).flush();
            stop.await();
        }
        return Main.OK;
    }
}
