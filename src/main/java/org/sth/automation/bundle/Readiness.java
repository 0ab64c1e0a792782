package org.sth.automation.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.sth.automation.io.Json;

/**
 * The readiness of one benchmark on one host, as preflight and {@code validate --scope staging} report it.
 *
 * @param status               the state
 * @param statusBasis          one sentence: why this state
 * @param requiredCapabilities capabilities the bundle had to declare
 * @param missingRequired      package-managed required commands absent on the host
 * @param missingOptional      optional commands absent on the host
 * @param installCommand       exact install command for the host's package manager, null when nothing to install
 * @param bootstrap            what the workflow installs by itself, e.g. {@code cargo via rustup}
 * @param basis                packaging basis of the chosen artifact, null when blocked or unreachable
 * @param missingOneOf         groups of interchangeable required commands of which the host has none (the first of
 *                             each group is also in {@code missingRequired}: it is the one {@code installCommand} installs)
 */
public record Readiness(ReadinessStatus status, String statusBasis, List<String> requiredCapabilities, List<String> missingRequired,
        List<String> missingOptional, String installCommand, List<String> bootstrap, Basis basis, List<List<String>> missingOneOf) {

    public Readiness {
        requiredCapabilities = List.copyOf(requiredCapabilities);
        missingRequired = List.copyOf(missingRequired);
        missingOptional = List.copyOf(missingOptional);
        bootstrap = List.copyOf(bootstrap);
        missingOneOf = missingOneOf == null ? List.of() : missingOneOf.stream().map(List::copyOf).toList();
    }

    /** A readiness without missing interchangeable groups. */
    public Readiness(ReadinessStatus status, String statusBasis, List<String> requiredCapabilities, List<String> missingRequired,
            List<String> missingOptional, String installCommand, List<String> bootstrap, Basis basis) {
        this(status, statusBasis, requiredCapabilities, missingRequired, missingOptional, installCommand, bootstrap, basis, List.of());
    }

    /** The JSON shape of a preflight summary's {@code readiness.<adapter>} block. */
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("status", status.id());
        n.put("status_basis", statusBasis);
        n.put("basis", basis == null ? null : basis.id());
        requiredCapabilities.forEach(n.putArray("required_capabilities")::add);
        missingRequired.forEach(n.putArray("missing_required")::add);
        missingOptional.forEach(n.putArray("missing_optional")::add);
        n.put("install_command", installCommand);
        bootstrap.forEach(n.putArray("bootstrap")::add);
        var oneOf = n.putArray("missing_one_of");
        missingOneOf.forEach(g -> g.forEach(oneOf.addArray()::add));
        return n;
    }
}
