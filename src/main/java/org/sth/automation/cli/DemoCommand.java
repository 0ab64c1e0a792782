package org.sth.automation.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.transport.SecretSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: a complete run against an in-process SSH server on loopback; no lab needed. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Start an SSH server on loopback, write a config for it and run benchmarks on this machine through every phase.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", defaultValue = "automation-demo", description = "Where the demo's config, keys, work and runs go (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--benchmarks", defaultValue = "system-info", split = ",", description = "Benchmarks to run (default ${DEFAULT-VALUE}).")
    List<String> benchmarks;

    @Option(names = "--timeout", defaultValue = "PT30M", description = "How long to wait (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            Output.out(spec).println("Demo SSH server on 127.0.0.1:" + env.server().port() + " (host key " + env.server().hostKeyFingerprint()
                    + "); config " + env.config());
            Output.out(spec).flush();
            AutomationConfig cfg = Adapters.loadConfig(env.config());
            return RunCommand.execute(spec, cfg, List.of(DemoEnvironment.HOST), benchmarks, false, timeout, SecretSource.ENVIRONMENT);
        }
    }
}
