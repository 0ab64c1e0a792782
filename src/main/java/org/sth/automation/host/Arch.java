package org.sth.automation.host;

import java.util.Locale;

/** CPU architecture names normalized once, so {@code arm64}/{@code aarch64} and {@code amd64}/{@code x86_64} never disagree. */
public final class Arch {

    /** A bundle that runs on every architecture (scripts). */
    public static final String ANY = "any";

    /** A host whose architecture is not known yet (dry validation without an inventory). */
    public static final String UNKNOWN = "unknown";

    private Arch() {
    }

    /** {@code aarch64} for arm64/aarch64, {@code x86_64} for amd64/x86_64/x64, {@code unknown} for blank; other names stripped. */
    public static String normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            return UNKNOWN;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "arm64", "aarch64" -> "aarch64";
            case "amd64", "x86_64", "x64", "x86-64" -> "x86_64";
            case "any", "noarch", "all" -> ANY;
            case "unknown" -> UNKNOWN;
            default -> raw.strip();
        };
    }

    /** Whether a bundle built for {@code bundleArch} runs on a host of {@code hostArch} ({@code any} runs everywhere). */
    public static boolean runsOn(String bundleArch, String hostArch) {
        String b = normalize(bundleArch);
        return ANY.equals(b) || b.equals(normalize(hostArch));
    }
}
