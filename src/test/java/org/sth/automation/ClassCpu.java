package org.sth.automation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Where the suite's CPU goes, per test class: the CPU the test JVM and every child it reaped (controllers, in-process
 * SSH servers' shells, brokers) used while the class ran, appended to {@code target/class-cpu.tsv} (class, wall s, CPU
 * s). A test JVM runs one class at a time, so its own CPU and its reaped children's over a class are that class's;
 * daemons a class leaves to init (the lab's sshd) are not counted. docs/contributing.md, "The suite's time".
 */
public final class ClassCpu implements TestExecutionListener {

    private static final Path STAT = Path.of("/proc/self/stat");

    private final Map<String, long[]> started = new ConcurrentHashMap<>();

    @Override
    public void executionStarted(TestIdentifier test) {
        className(test).ifPresent(c -> started.put(c, new long[] {System.nanoTime(), ticks()}));
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        className(test).ifPresent(c -> {
            long[] start = started.remove(c);
            long ticks = ticks();
            if (start == null || ticks < 0 || start[1] < 0) {
                return;
            }
            String line = String.format(java.util.Locale.ROOT, "%s\t%.1f\t%.1f%n", c, (System.nanoTime() - start[0]) / 1e9,
                    (ticks - start[1]) / 100.0);
            try {
                Path out = Path.of(System.getProperty("basedir", "."), "target", "class-cpu.tsv");
                Files.writeString(out, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException ignored) {
                // a figure for the docs, never a test's result
            }
        });
    }

    private static java.util.Optional<String> className(TestIdentifier test) {
        return test.getSource().filter(ClassSource.class::isInstance).map(s -> ((ClassSource) s).getClassName());
    }

    /** utime + stime + cutime + cstime of this JVM, in clock ticks (100 a second on Linux); -1 where unreadable. */
    private static long ticks() {
        try {
            String stat = Files.readString(STAT);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state is field 3, utime field 14 -> index 11
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
