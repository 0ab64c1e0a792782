package org.sth.automation.config;

import java.nio.file.Path;

/** Resolves a path written in the config: {@code ~} is the user's home, relative is against the config's folder. */
public final class ConfigPaths {

    private ConfigPaths() {
    }

    public static Path resolve(String raw, Path baseDir) {
        Path p;
        if (raw.equals("~")) {
            p = home();
        } else if (raw.startsWith("~/")) {
            p = home().resolve(raw.substring(2));
        } else {
            p = Path.of(raw);
        }
        return (p.isAbsolute() ? p : baseDir.toAbsolutePath().resolve(p)).normalize();
    }

    private static Path home() {
        return Path.of(System.getProperty("user.home"));
    }
}
