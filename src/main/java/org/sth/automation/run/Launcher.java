package org.sth.automation.run;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The command that starts this program, as an absolute path, for every command the engine recommends
 * ({@code next_commands}, {@code replay_command}, progress lines), so a recommendation works from any directory.
 * Found in this order: the system property {@code sth.launcher} (set by {@code bin/sth-bench-automation} to its own
 * absolute path); else {@code bin/sth-bench-automation} of the checkout the classes or the jar were loaded from
 * ({@code <checkout>/target/classes} or {@code <checkout>/target/*.jar}); else {@code java -jar <absolute jar>}.
 */
public final class Launcher {

    /** System property naming the launcher (an absolute path). */
    public static final String PROPERTY = "sth.launcher";

    private static volatile String cached;

    private Launcher() {
    }

    /** The launcher command, quoted for a POSIX shell when it contains a space. */
    public static String command() {
        String c = cached;
        if (c == null) {
            c = find();
            cached = c;
        }
        return c;
    }

    static String find() {
        String set = System.getProperty(PROPERTY);
        if (set != null && !set.isBlank()) {
            return quote(Path.of(set).toAbsolutePath().normalize().toString());
        }
        try {
            Path code = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
            // <checkout>/target/classes or <checkout>/target/<name>.jar
            Path target = code.getParent();
            if (target != null && target.getParent() != null) {
                Path script = target.getParent().resolve("bin/sth-bench-automation");
                if (Files.isExecutable(script)) {
                    return quote(script.toString());
                }
            }
            if (code.toString().endsWith(".jar")) {
                return "java -jar " + quote(code.toString());
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no code source (unusual class loader): the name on PATH is the best left
        }
        return "sth-bench-automation";
    }

    private static String quote(String path) {
        return org.sth.automation.io.Shell.quote(path);
    }
}
