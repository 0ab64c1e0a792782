package org.sth.automation.adapter.sysinfo;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sth.automation.host.PackageManagers;

/** Maps the programs of the capture list to the apt package that provides them, and stderr to a human reason. */
public final class InstallHints {

    /** Programs of the capture list that a package provides (core utilities are never missing); names from PackageManagers. */
    private static final Set<String> INSTALLABLE = Set.of("numactl", "lspci", "lshw", "dmidecode", "lstopo", "lscpu", "lsblk", "ip");

    private static final Pattern MISSING_FILE = Pattern.compile("(?m)^(?:[\\w.-]+: )?(/[^:\\s]+): No such file or directory");

    private InstallHints() {
    }

    /**
     * The apt package providing the program a command starts, e.g. {@code hwloc-nox} for {@code lstopo --of xml}.
     * Accepts a bare program name, a full command line, or an absolute program path.
     */
    public static Optional<String> aptPackageFor(String command) {
        return installable(command).map(program -> PackageManagers.packageFor("apt-get", program));
    }

    /** The shell command that installs the package for a program, e.g. {@code sudo apt-get install -y hwloc-nox}. */
    public static Optional<String> installCommandFor(String command) {
        return installable(command).map(program -> PackageManagers.installCommand("apt-get", List.of(program)));
    }

    /** The program a command starts (bare name, command line or absolute path), when a package provides it. */
    private static Optional<String> installable(String command) {
        if (command == null || command.isBlank()) {
            return Optional.empty();
        }
        String program = command.strip().split("\\s+", 2)[0];
        int slash = program.lastIndexOf('/');
        if (slash >= 0) {
            program = program.substring(slash + 1);
        }
        String name = program.toLowerCase(Locale.ROOT);
        return INSTALLABLE.contains(name) ? Optional.of(name) : Optional.empty();
    }

    /**
     * A human reason derived from a failed command's stderr, when it says "command not found" or "No such file";
     * empty when stderr says nothing we recognise.
     */
    public static Optional<String> reasonFor(CaptureSpec spec, String stderr) {
        if (stderr == null || stderr.isBlank()) {
            return Optional.empty();
        }
        String program = spec.program();
        if (stderr.contains("command not found") || stderr.contains(program + ": not found")) {
            return Optional.of(installCommandFor(program)
                    .map(install -> program + " not installed: " + install)
                    .orElse(program + " not installed on the host"));
        }
        if (stderr.contains("Authorization required") && "lstopo".equals(program)) {
            // hwloc's GL/X11 plugin probes the X display even for console/xml/svg output; without one it dies.
            return Optional.of("lstopo tried to open an X display: rerun with HWLOC_COMPONENTS=-gl or install hwloc-nox");
        }
        if (stderr.contains("No such file")) {
            Matcher matcher = MISSING_FILE.matcher(stderr);
            if (matcher.find() && !matcher.group(1).endsWith("/" + program)) {
                return Optional.of(matcher.group(1) + " does not exist on the host");
            }
            return Optional.of(installCommandFor(program)
                    .map(install -> program + " not installed: " + install)
                    .orElse(program + ": no such file or directory on the host"));
        }
        return Optional.empty();
    }
}
