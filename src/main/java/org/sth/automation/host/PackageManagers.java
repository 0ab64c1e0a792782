package org.sth.automation.host;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Turns missing commands into the exact install command for the host's package manager. */
public final class PackageManagers {

    /** Package manager names in the order they are probed on a host. */
    public static final String[] PROBE_ORDER = {"apt-get", "dnf", "yum", "zypper", "pacman", "apk"};

    private static final Map<String, String> DEBIAN = Map.ofEntries(
            Map.entry("numactl", "numactl"), Map.entry("lspci", "pciutils"), Map.entry("lshw", "lshw"),
            Map.entry("dmidecode", "dmidecode"), Map.entry("lstopo", "hwloc-nox"), Map.entry("lscpu", "util-linux"),
            Map.entry("lsblk", "util-linux"), Map.entry("ip", "iproute2"), Map.entry("sudo", "sudo"),
            Map.entry("bash", "bash"), Map.entry("tar", "tar"), Map.entry("sha256sum", "coreutils"),
            Map.entry("setsid", "util-linux"), Map.entry("df", "coreutils"), Map.entry("uname", "coreutils"),
            Map.entry("cc", "gcc"), Map.entry("taskset", "util-linux"),
            // the base system's own commands: their package, never the command's name
            Map.entry("cat", "coreutils"), Map.entry("sleep", "coreutils"), Map.entry("id", "coreutils"), Map.entry("nproc", "coreutils"),
            Map.entry("timeout", "coreutils"), Map.entry("sh", "dash"), Map.entry("pgrep", "procps"), Map.entry("ps", "procps"),
            Map.entry("grep", "grep"), Map.entry("sed", "sed"), Map.entry("awk", "mawk"), Map.entry("getconf", "libc-bin"),
            Map.entry("hostname", "hostname"), Map.entry("make", "make"), Map.entry("cargo", "cargo"), Map.entry("gzip", "gzip"));

    private static final Map<String, String> REDHAT = Map.ofEntries(
            Map.entry("lstopo", "hwloc"), Map.entry("ip", "iproute"), Map.entry("sh", "bash"), Map.entry("pgrep", "procps-ng"),
            Map.entry("ps", "procps-ng"), Map.entry("awk", "gawk"), Map.entry("getconf", "glibc-common"));

    private static final Map<String, String> SUSE = Map.ofEntries(
            Map.entry("lstopo", "hwloc"), Map.entry("ip", "iproute2"), Map.entry("sh", "bash"), Map.entry("pgrep", "procps"),
            Map.entry("awk", "gawk"), Map.entry("getconf", "glibc"));

    private static final Map<String, String> ARCH = Map.ofEntries(
            Map.entry("lstopo", "hwloc"), Map.entry("ip", "iproute2"), Map.entry("sh", "bash"), Map.entry("pgrep", "procps-ng"),
            Map.entry("ps", "procps-ng"), Map.entry("awk", "gawk"), Map.entry("getconf", "glibc"), Map.entry("hostname", "inetutils"));

    private static final Map<String, String> ALPINE = Map.ofEntries(
            Map.entry("lstopo", "hwloc-tools"), Map.entry("ip", "iproute2"), Map.entry("lscpu", "util-linux-misc"),
            Map.entry("taskset", "util-linux-misc"), Map.entry("sh", "busybox"), Map.entry("cat", "coreutils"),
            Map.entry("pgrep", "procps-ng"), Map.entry("ps", "procps-ng"), Map.entry("awk", "gawk"), Map.entry("getconf", "musl-utils"));

    private PackageManagers() {
    }

    /** The package providing a command under a package manager ({@code apt-get}, {@code dnf}, …). */
    public static String packageFor(String manager, String command) {
        Map<String, String> overrides = switch (manager == null ? "" : manager) {
            case "dnf", "yum" -> REDHAT;
            case "zypper" -> SUSE;
            case "pacman" -> ARCH;
            case "apk" -> ALPINE;
            default -> Map.of();
        };
        return overrides.getOrDefault(command, DEBIAN.getOrDefault(command, command));
    }

    /** e.g. {@code sudo apt-get install -y hwloc-nox numactl}; null when nothing is missing. */
    public static String installCommand(String manager, Collection<String> missingCommands) {
        return installCommand(manager, missingCommands, Map.of());
    }

    /** As {@link #installCommand(String, Collection)}; {@code hints} (command to package, from the operator) come first. */
    public static String installCommand(String manager, Collection<String> missingCommands, Map<String, String> hints) {
        if (missingCommands.isEmpty()) {
            return null;
        }
        Set<String> pkgs = new LinkedHashSet<>();
        missingCommands.forEach(c -> pkgs.add(hints.getOrDefault(c, packageFor(manager, c))));
        String list = String.join(" ", pkgs);
        return switch (manager == null ? "" : manager) {
            case "dnf" -> "sudo dnf install -y " + list;
            case "yum" -> "sudo yum install -y " + list;
            case "zypper" -> "sudo zypper install -y " + list;
            case "pacman" -> "sudo pacman -S --noconfirm " + list;
            case "apk" -> "sudo apk add " + list;
            default -> "sudo apt-get install -y " + list;
        };
    }
}
