package org.sth.automation.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.sth.automation.demo.DemoEnvironment;
import picocli.CommandLine.Command;

/**
 * Build time only ({@code mvn package} runs it once with {@code -XX:ArchiveClassesAtExit}): a preflight-only run on
 * the loopback demo host and the file-reading verbs, so the class-data-sharing archive holds what a cold start loads
 * (Camel and the YAML routes, MINA SSHD, Jackson, tomlj, picocli). The launcher uses that archive when it is there.
 */
@Command(name = "train-cds", hidden = true, description = "Build time: exercise start-up for the class-data-sharing archive.")
final class TrainCdsCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("sth-cds-training");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            String config = env.config().toString();
            Main.run(quiet, quiet, "validate", "--config", config);
            Main.run(quiet, quiet, "run", "--config", config, "--host", DemoEnvironment.HOST, "--benchmarks", "system-info", "--dry-run");
            int rc = Main.run(quiet, quiet, "run", "--config", config, "--host", DemoEnvironment.HOST, "--benchmarks", "preflight",
                    "--timeout", "PT2M");
            try (Stream<Path> runs = Files.walk(dir.resolve("automation-runs"), 3)) {
                runs.filter(p -> Files.exists(p.resolve("status.json"))).forEach(p -> Main.run(quiet, quiet, "status", "--run-dir", p.toString()));
            }
            return rc;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
