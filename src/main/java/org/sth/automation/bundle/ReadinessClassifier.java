package org.sth.automation.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.sth.automation.host.Arch;
import org.sth.automation.host.HostFacts;
import org.sth.automation.host.PackageManagers;

/** The one readiness classifier, shared by dry staging validation and live preflight: same facts in, same readiness out. */
public final class ReadinessClassifier {

    private ReadinessClassifier() {
    }

    public static Readiness classify(Needs spec, Resolution resolution, HostFacts host) {
        List<String> caps = spec.packaging().requiredCapabilities();
        if (!host.reachable()) {
            return new Readiness(ReadinessStatus.UNREACHABLE, "host not reachable: nothing could be probed", caps,
                    List.of(), List.of(), null, List.of(), null);
        }
        List<String> missingRequired = new ArrayList<>(absent(spec.requiredCommands(), host));
        // a group of interchangeable commands is missing only when the host has none of them; its first is what to install
        List<List<String>> missingOneOf = spec.requiredAnyOf().stream().filter(g -> g.stream().noneMatch(host::has)).toList();
        missingOneOf.forEach(g -> {
            if (!missingRequired.contains(g.get(0))) {
                missingRequired.add(g.get(0));
            }
        });
        List<String> missingOptional = absent(spec.optionalCommands(), host);
        List<String> toInstall = new ArrayList<>(missingRequired);
        toInstall.addAll(missingOptional);
        String install = PackageManagers.installCommand(host.packageManager(), toInstall, spec.packageHints());
        String refused = rejections(resolution);

        if (resolution.blocked()) {
            String basis = resolution.rejected().isEmpty() ? "no bundle source is configured and no fallback exists"
                    : "no usable bundle or fallback: " + refused;
            return new Readiness(ReadinessStatus.PACKAGING_BLOCKED, basis, caps, missingRequired, missingOptional, install, List.of(), null,
                    missingOneOf);
        }
        Basis basis = resolution.basis();
        String packaging = describe(resolution, host);
        if (!missingRequired.isEmpty()) {
            return new Readiness(ReadinessStatus.MISSING_RUNTIME_DEPENDENCIES, "required commands missing: " + missing(missingRequired, missingOneOf)
                    + "; packaging: " + packaging, caps, missingRequired, missingOptional, install, resolution.bootstrap(), basis, missingOneOf);
        }
        ReadinessStatus status;
        if (resolution.hadInvalidBundle()) {
            status = ReadinessStatus.BUNDLE_INVALID_FALLBACK_AVAILABLE;
            packaging = "refused " + refused + "; using " + packaging;
        } else {
            status = switch (basis) {
                case LOCAL_DIST, LOCAL_BUILDER, REPO_FALLBACK -> ReadinessStatus.READY_WITH_LOCAL_BUNDLE;
                case SOURCE_BUILD -> ReadinessStatus.READY_VIA_SOURCE_BUILD;
                default -> ReadinessStatus.READY;
            };
        }
        return new Readiness(status, packaging, caps, missingRequired, missingOptional, install, resolution.bootstrap(), basis);
    }

    /** The missing commands for operators: a group's first member reads "one of taskset, numactl". */
    private static String missing(List<String> missingRequired, List<List<String>> missingOneOf) {
        return missingRequired.stream().map(c -> missingOneOf.stream().filter(g -> g.get(0).equals(c)).findFirst()
                .map(g -> "one of " + String.join(", ", g)).orElse(c)).collect(Collectors.joining(", "));
    }

    private static String describe(Resolution r, HostFacts host) {
        String s = switch (r.basis()) {
            case NOT_REQUIRED -> "no bundle needed, all required commands are host tools";
            case LOCAL_BUILDER -> "local_builder " + r.selected().location() + " builds the bundle on the controller at stage time";
            case RUNNER_FALLBACK -> "runner_fallback: the host already has " + r.selected().location().replace("host PATH: ", "");
            case SOURCE_BUILD -> "source_build " + r.selected().location()
                    + (r.bootstrap().isEmpty() ? "" : " after bootstrapping " + String.join(", ", r.bootstrap()));
            default -> r.basis().id() + " " + r.manifest().stem() + " (sha256 " + r.sha256() + " verified on the controller)";
        };
        if (r.manifest() != null && Arch.UNKNOWN.equals(host.arch()) && !Arch.ANY.equals(r.manifest().arch())) {
            s += "; host arch unknown, bundle arch " + r.manifest().arch() + " is re-checked live";
        }
        return s;
    }

    private static String rejections(Resolution r) {
        return r.rejected().stream().map(x -> x.basis().id() + " " + x.location() + " (" + x.reason() + ")").collect(Collectors.joining("; "));
    }

    private static List<String> absent(List<String> commands, HostFacts host) {
        return commands.stream().filter(c -> !host.has(c)).toList();
    }
}
