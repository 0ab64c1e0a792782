package org.sth.automation.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.sth.automation.demo.DemoEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo-server}: keeps the demo's loopback SSH server up (config written, nothing run) until stopped. */
@Command(name = "demo-server", mixinStandardHelpOptions = true, description = "Start the demo's SSH server on loopback, write its config, print 'Config: <path>' "
        + "and keep serving until SIGTERM / Ctrl-C (or stdin closes, or the lifetime ends). Runs nothing itself.")
final class DemoServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", defaultValue = "automation-demo", description = "Where the config, keys, work and runs go (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--port", defaultValue = "0", description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}: any free one).")
    int port;

    @Option(names = "--extra-toml", description = "TOML text appended to the written config.")
    String extraToml;

    @Option(names = "--hosts", defaultValue = "0", description = "Also start this many more hosts (sim-1 … sim-N), each its own loopback "
            + "SSH server, for campaign simulations (default ${DEFAULT-VALUE}, at most 1000).")
    int hosts;

    @Option(names = "--stop-on-stdin-close", description = "Also stop when stdin reaches end of file (for a parent that holds a pipe).")
    boolean stopOnStdinClose;

    @Option(names = "--max-lifetime", defaultValue = "PT2H", description = "Stop after this long in any case (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration maxLifetime;

    @Override
    public Integer call() throws InterruptedException {
        if (hosts < 0 || hosts > 1000) {
            Output.err(spec).println("error: --hosts must be 0..1000 (got " + hosts + ")");
            return Main.USAGE;
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        try (DemoEnvironment env = DemoEnvironment.start(dir, port, extraToml)) {
            // the hook holds the JVM's exit until the server is closed, so a SIGTERM never leaves a half-stopped server
            Thread hook = new Thread(() -> {
                Main.stopping();
                stop.countDown();
                awaitQuietly(closed);
            }, "sth-demo-server-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            if (stopOnStdinClose) {
                Thread watcher = new Thread(() -> drainUntilEof(System.in, stop), "sth-demo-server-stdin");
                watcher.setDaemon(true);
                watcher.start();
            }
            Output.out(spec).println("Demo SSH server on 127.0.0.1:" + env.server().port() + " (host key "
                    + env.server().hostKeyFingerprint() + ")");
            Output.out(spec).println("Host: " + DemoEnvironment.HOST);
            if (hosts > 0) {
                java.util.List<String> added = env.addHosts(hosts);
                Output.out(spec).println("Simulated hosts: " + added.size() + " (" + added.get(0) + " … " + added.get(added.size() - 1) + ")");
            }
            Output.out(spec).println("Config: " + env.config());
            Output.out(spec).flush();
            boolean stoppedBySignal = stop.await(maxLifetime.toMillis(), TimeUnit.MILLISECONDS);
            if (!stoppedBySignal) {
                Output.out(spec).println("Max lifetime " + maxLifetime + " reached; stopping.");
            }
            removeHookQuietly(hook);
        } finally {
            closed.countDown();
        }
        Output.out(spec).println("Demo SSH server stopped.");
        Output.out(spec).flush();
        return Main.OK;
    }

    private static void drainUntilEof(InputStream in, CountDownLatch stop) {
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // only the end of the stream matters
            }
        } catch (IOException e) {
            // an unreadable stdin counts as closed
        }
        stop.countDown();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHookQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting through the hook; nothing to remove
        }
    }
}
