package org.sth.automation.host;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the resolver and the classifier know about a host; built by {@link DryFacts} from config and
 * assumptions or by {@link LiveFacts} from discovery and the preflight probe, then used identically.
 *
 * @param arch              normalized architecture, {@code unknown} when not known (dry)
 * @param os                lower-case OS family, e.g. {@code linux}
 * @param packageManager    {@code apt-get}, {@code dnf}, {@code yum}, {@code zypper}, {@code pacman}, {@code apk}, or null
 * @param availableCommands commands found (live) or assumed (dry) on the host
 * @param reachable         false when the host could not be reached (live) or is marked so (dry)
 */
public record HostFacts(String arch, String os, String packageManager, Set<String> availableCommands, boolean reachable) {

    public HostFacts {
        arch = Arch.normalize(arch);
        os = os == null || os.isBlank() ? "linux" : os.strip().toLowerCase(Locale.ROOT);
        packageManager = packageManager == null || packageManager.isBlank() || packageManager.equals("none") ? null : packageManager.strip();
        if ("apt".equals(packageManager)) {
            packageManager = "apt-get";
        }
        // Sorted, so two equal fact sets print and compare the same whichever path built them.
        availableCommands = Set.copyOf(new TreeSet<>(availableCommands));
    }

    public boolean has(String command) {
        return availableCommands.contains(command);
    }
}
