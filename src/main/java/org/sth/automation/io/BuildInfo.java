package org.sth.automation.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The engine's version and the git commit it was built from ({@code build.properties}, written beside this class by the
 * build); each is {@code unknown} when the build did not record it (sources outside git, a class path without it).
 *
 * @param version the project version
 * @param commit  the commit the classes were built from
 * @param dirty   {@code true} when tracked files differed from that commit, {@code false} when not, {@code unknown}
 */
public record BuildInfo(String version, String commit, String dirty) {

    private static final BuildInfo CURRENT = load();

    /** This engine's build. */
    public static BuildInfo current() {
        return CURRENT;
    }

    private static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable file records nothing: every field stays unknown
        }
        return new BuildInfo(p.getProperty("version", "unknown"), p.getProperty("commit", "unknown"), p.getProperty("dirty", "unknown"));
    }
}
