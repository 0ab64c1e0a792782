package org.sth.automation.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One row of the fault suite's summary table per fault or input class, appended to
 * {@code target/faults/results.tsv} ({@code -Dfaults.out=DIR} elsewhere): fault or input, expected, observed, figures.
 * {@code scripts/faults/run-faults} prints the table from it.
 */
public final class FaultReport {

    private FaultReport() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("faults.out", "target/faults"));
    }

    public static synchronized void row(String fault, String expected, String observed, String figures) {
        String line = String.join("\t", clean(fault), clean(expected), clean(observed), clean(figures)) + "\n";
        try {
            Files.createDirectories(dir());
            Files.writeString(dir().resolve("results.tsv"), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String clean(String s) {
        return org.sth.automation.io.SafeText.line(s.replace('\t', ' ').replace('\n', ' ').replace("|", "/"));
    }
}
