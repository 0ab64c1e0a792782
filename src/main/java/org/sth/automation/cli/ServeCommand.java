package org.sth.automation.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.phase.Controller;
import org.sth.automation.phase.Engine;
import org.sth.automation.phase.Engines;
import org.sth.automation.phase.WorkDirs;
import org.sth.automation.transport.SecretSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code serve}: the long-running controller; watches inbox/ for run requests until stopped (SIGTERM / Ctrl-C). */
@Command(name = "serve", description = "Watch inbox/ for run requests (TOML or JSON) and run them until stopped.")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "The TOML config file.")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        AutomationConfig cfg = ConfigLoader.load(config);
        Engines.standardAdapters().checkConfig(cfg);
        CountDownLatch stop = new CountDownLatch(1);
        try (Engine engine = Engines.standard(SecretSource.ENVIRONMENT); Controller controller = Controller.start(cfg, engine, true)) {
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
