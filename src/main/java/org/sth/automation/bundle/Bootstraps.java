package org.sth.automation.bundle;

import java.util.List;
import java.util.Map;

/**
 * The bootstraps the stage phase can perform on a host before a source build: what each runs and what it needs
 * there. A bootstrap whose needs are absent is not offered, so readiness never promises a build that cannot start.
 */
public final class Bootstraps {

    /** rustup: installs cargo and rustc into the user's {@code ~/.cargo} (no root needed). */
    public static final String RUSTUP = "rustup";

    private static final Map<String, String> COMMANDS = Map.of(
            RUSTUP, "command -v cargo >/dev/null 2>&1 || [ -x \"$HOME/.cargo/bin/cargo\" ] || "
                    + "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --no-modify-path");

    private static final Map<String, List<String>> REQUIRES = Map.of(RUSTUP, List.of("curl", "sh"));

    private Bootstraps() {
    }

    /** The default command of a bootstrap ({@code [execution.bootstrap_commands]} overrides it). */
    public static String command(String name) {
        String c = COMMANDS.get(name);
        if (c == null) {
            throw new IllegalArgumentException("Unknown bootstrap '" + name + "'; known: " + String.join(", ", COMMANDS.keySet()));
        }
        return c;
    }

    /** The host commands a bootstrap needs. */
    public static List<String> requires(String name) {
        return REQUIRES.getOrDefault(name, List.of());
    }

    /** The names of every bootstrap. */
    public static List<String> names() {
        return List.copyOf(COMMANDS.keySet());
    }
}
