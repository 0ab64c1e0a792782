package org.sth.automation.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The run directories of one host under a runs root ({@code <runs_root>/<date>/<host>/<stamp>[-n]/}), newest first. */
public final class HostRuns {

    private HostRuns() {
    }

    /** The newest run directory of {@code host} that holds {@code file} (relative to the run dir), if any. */
    public static Optional<Path> newestWith(Path runsRoot, String host, String file) {
        return runs(runsRoot, host).stream().filter(d -> Files.isRegularFile(d.resolve(file))).findFirst();
    }

    /** Every run directory of {@code host}, newest first (by date dir, then stamp, then its {@code -n} suffix). */
    public static List<Path> runs(Path runsRoot, String host) {
        List<Path> out = new ArrayList<>();
        if (runsRoot == null || !Files.isDirectory(runsRoot)) {
            return out;
        }
        try (Stream<Path> days = Files.list(runsRoot)) {
            for (Path day : days.filter(Files::isDirectory).toList()) {
                Path hostDir = day.resolve(host);
                if (Files.isDirectory(hostDir)) {
                    try (Stream<Path> stamps = Files.list(hostDir)) {
                        stamps.filter(Files::isDirectory).forEach(out::add);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the runs of " + host + " under " + runsRoot + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing((Path p) -> p.getParent().getParent().getFileName().toString())
                .thenComparing(p -> stamp(p.getFileName().toString()))
                .thenComparingInt(p -> suffix(p.getFileName().toString())).reversed());
        return out;
    }

    private static String stamp(String name) {
        int dash = name.indexOf('-');
        return dash < 0 ? name : name.substring(0, dash);
    }

    private static int suffix(String name) {
        int dash = name.indexOf('-');
        try {
            return dash < 0 ? 1 : Integer.parseInt(name.substring(dash + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
