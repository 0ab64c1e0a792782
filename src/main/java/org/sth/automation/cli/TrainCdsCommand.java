package org.sth.automation.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.config.PathsConfig;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.DocumentSchema;
import org.sth.automation.io.Json;
import picocli.CommandLine.Command;

/**
 * Build time only ({@code mvn package} runs it once with {@code -XX:ArchiveClassesAtExit}): a preflight-only run on
 * the loopback demo host and the file-reading verbs, then a {@code serve} on an embedded broker that takes one
 * system-info request through every phase, so the class-data-sharing archive holds what a cold start loads (Camel and
 * the YAML routes, MINA SSHD, Jackson, tomlj, the adapters, Artemis and the JMS phase routes, leadership and the inbox).
 * The serve stops with the JVM (its shutdown hook, as on SIGTERM), and the training folder is removed after it. The
 * launcher uses the archive when it is there.
 */
@Command(name = "train-cds", hidden = true, description = "Build time: exercise start-up for the class-data-sharing archive.")
final class TrainCdsCommand implements Callable<Integer> {

    private static final Duration SERVED_WITHIN = Duration.ofMinutes(3);
    private static final String TRAINING_REQUEST = "cds-training";

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("sth-cds-training");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Thread serve = null;
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            String config = env.config().toString();
            Main.run(quiet, quiet, "validate", "--config", config);
            Main.run(quiet, quiet, "run", "--config", config, "--host", DemoEnvironment.HOST, "--benchmarks", "system-info", "--dry-run");
            int rc = Main.run(quiet, quiet, "run", "--config", config, "--host", DemoEnvironment.HOST, "--benchmarks", "preflight",
                    "--timeout", "PT2M");
            PathsConfig paths = Adapters.loadConfig(env.config()).paths();
            try (Stream<Path> runs = Files.walk(paths.runsRoot(), 3)) {
                runs.filter(p -> Files.exists(p.resolve("status.json"))).forEach(p -> Main.run(quiet, quiet, "status", "--run-dir", p.toString()));
            }
            if (rc != Main.OK) {
                return rc;
            }
            String port = Integer.toString(freePort());
            serve = new Thread(() -> Main.run(quiet, quiet, "serve", "--config", config, "--embedded-broker", "--broker-port", port),
                    "sth-cds-serve");
            serve.setDaemon(true);
            serve.start();
            return served(paths, new WorkDirs(paths.workRoot().toAbsolutePath())) ? Main.OK : Main.FAILED;
        } finally {
            if (serve == null) {
                delete(dir);
            } else {
                // after the serve's own shutdown hook has stopped it (hooks run at once: this one waits for it)
                Thread started = serve;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.join(SERVED_WITHIN.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    delete(dir);
                }, "sth-cds-cleanup"));
            }
        }
    }

    /** Drops a system-info request into the serve's inbox, as {@code run} does, and waits (bounded) for its run to complete. */
    private static boolean served(PathsConfig paths, WorkDirs dirs) throws IOException, InterruptedException {
        var request = DocumentSchema.REQUEST.stamp(Json.object()).put("request_id", TRAINING_REQUEST);
        request.putArray("hosts").add(DemoEnvironment.HOST);
        request.putArray("benchmarks").add("system-info");
        AtomicFiles.writeRenamedIntoPlace(dirs.inbox().resolve(TRAINING_REQUEST + ".json"), Json.pretty(request));
        Instant until = Instant.now().plus(SERVED_WITHIN);
        while (Instant.now().isBefore(until)) {
            try (Stream<Path> runs = Files.walk(paths.runsRoot(), 3)) {
                if (runs.filter(p -> Files.isRegularFile(p.resolve("status.json"))).anyMatch(TrainCdsCommand::completedServed)) {
                    return true;
                }
            }
            Thread.sleep(200);
        }
        return false;
    }

    private static boolean completedServed(Path run) {
        try {
            var status = Json.readObject(run.resolve("status.json"));
            return status.path("request_id").asText().equals(TRAINING_REQUEST) && status.path("state").asText().equals("completed");
        } catch (RuntimeException beingWritten) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
