package org.sth.automation;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.sth.automation.cli.Main;

/** Runs the CLI in-process and captures what it prints. */
public final class Cli {

    /** Test-scale polling and settle intervals, the same in the test JVM ({@link #fastRoutes}) and in a controller's. */
    private static final java.util.Map<String, String> FAST = java.util.Map.of("sth.poll.delay", "100", "sth.inbox.settle", "300",
            "sth.inbox.check", "100");

    /** {@link #FAST} as a controller JVM's options. */
    public static final java.util.List<String> FAST_CONTROLLER = FAST.entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue())
            .sorted().toList();

    private Cli() {
    }

    /** Exit code and output of one CLI call. */
    public record Result(int exit, String out, String err) {

        /** The first "Run directory: ..." the command printed. */
        public Path runDir() {
            return Arrays.stream(out.split("\n")).filter(l -> l.startsWith("Run directory: ")).findFirst()
                    .map(l -> Path.of(l.substring("Run directory: ".length()).strip()))
                    .orElseThrow(() -> new AssertionError("no run directory printed:\n" + out + "\n" + err));
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    public static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        Result result = new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        // every run a test drives to its end also shows that its status rebuilds from its events
        Arrays.stream(result.out().split("\n")).filter(l -> l.startsWith("Result: ")).map(l -> l.substring(l.lastIndexOf(" — ") + 3).strip())
                .map(Path::of).forEach(RunDirectoryAssertions::assertStatusRebuildsFromEvents);
        return result;
    }

    /**
     * A controller in its own JVM (so a test can SIGKILL, SIGSTOP or SIGINT it, or give it environment
     * variables), running the CLI with {@code args}; its output goes to {@code log}.
     */
    public static ProcessBuilder controller(Path log, String... args) {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(FAST_CONTROLLER);
        cmd.addAll(packagedLauncher());
        cmd.addAll(java.util.List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    }

    /**
     * {@code STH_JAVA_OPTS} for a test that runs bin/sth-bench-automation itself: the test-scale intervals, and the client
     * compiler only, as {@link #packagedLauncher} starts a test's controller.
     */
    public static String launcherOptions() {
        return String.join(" ", FAST_CONTROLLER) + " -XX:TieredStopAtLevel=1";
    }

    /**
     * How a controller JVM starts: as bin/sth-bench-automation starts it (the packaged jar, its class-data-sharing archive,
     * the serial collector and a bounded heap), and with the client compiler only: a test's controller lives seconds to
     * minutes, and the optimizing compiler's work was a third of its CPU (docs/contributing.md, "The suite's time").
     * The test JVMs keep the optimizing compiler: the in-process SSH servers do every key exchange of the suite there,
     * and without its intrinsics those got slow enough to time out logins under load. Outside a packaged build, the
     * test class path.
     */
    public static java.util.List<String> packagedLauncher() {
        Path jar = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "sth-bench-automation.jar");
        java.util.List<String> jvm = new java.util.ArrayList<>(java.util.List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx384m", "-XX:TieredStopAtLevel=1"));
        if (!java.nio.file.Files.isRegularFile(jar)) {
            jvm.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), "org.sth.automation.cli.Main"));
            return jvm;
        }
        Path archive = jar.resolveSibling("sth-bench-automation.jsa");
        if (java.nio.file.Files.isRegularFile(archive)) {
            jvm.addAll(java.util.List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        jvm.addAll(java.util.List.of("-jar", jar.toString()));
        return jvm;
    }

    /** Fast retries and polling for tests that run the routes (set once per JVM). */
    public static void fastRoutes() {
        System.setProperty("sth.redelivery.delay", "50");
        System.setProperty("sth.redelivery.max", "1");
        FAST.forEach(System::setProperty);
    }
}
