package org.sth.automation.run.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.sth.automation.run.RunStore;

/**
 * One line per benchmark saying how it is packaged, from the readiness JSON preflight recorded: the
 * readiness, the basis, the artifact or builder path, the bundle's manifest file beside it, its sha256,
 * what was refused and why, and the install command. {@link RunStore} keeps them in {@code status.json}
 * ({@code packaging}) when preflight finishes; the preflight summary, {@code status} and the recovery
 * summary all print these lines, so the human views and the JSON cannot drift apart.
 */
public final class PackagingSummary {

    private PackagingSummary() {
    }

    /** Keeps the lines in {@code status.packaging} when the step that finished is preflight's (it carries {@code readiness}). */
    public static void record(ObjectNode status, Phase phase, ObjectNode details) {
        if (phase == Phase.PREFLIGHT && details != null && details.path("readiness").isObject()) {
            ArrayNode arr = status.putArray("packaging");
            lines(details.path("readiness")).forEach(arr::add);
        }
    }

    /** The lines for a {@code readiness} object (benchmark name to readiness JSON). */
    public static List<String> lines(JsonNode readiness) {
        List<String> out = new ArrayList<>();
        readiness.fields().forEachRemaining(e -> out.add(line(e.getKey(), e.getValue())));
        return out;
    }

    static String line(String benchmark, JsonNode r) {
        JsonNode p = r.path("packaging");
        StringBuilder s = new StringBuilder(benchmark).append(": ").append(r.path("status").asText("unknown"));
        String basis = p.path("basis").asText("");
        if (!basis.isEmpty()) {
            s.append(", ").append(basis);
            String location = p.path("location").asText("");
            if (basis.equals("not_required")) {
                s.append(" (host tools only)");
            } else if (!location.isEmpty()) {
                s.append(' ').append(location);
            }
            if (p.hasNonNull("manifest_file")) {
                s.append(" (manifest ").append(p.path("manifest_file").asText()).append(')');
            }
            if (p.hasNonNull("sha256")) {
                s.append(", sha256 ").append(p.path("sha256").asText(), 0, Math.min(12, p.path("sha256").asText().length()))
                        .append("… verified");
            }
        } else {
            s.append(", no package: ").append(r.path("status_basis").asText());
        }
        if (p.path("fallback").isObject()) {
            s.append("; fallback ").append(p.path("fallback").path("basis").asText()).append(' ')
                    .append(p.path("fallback").path("location").asText());
        }
        List<String> bootstrap = new ArrayList<>();
        p.path("bootstrap").forEach(b -> bootstrap.add(b.asText()));
        if (!bootstrap.isEmpty()) {
            s.append("; bootstraps ").append(String.join(", ", bootstrap));
        }
        List<String> refused = new ArrayList<>();
        p.path("rejected").forEach(x -> refused.add(x.path("basis").asText() + " " + x.path("location").asText()
                + " (" + x.path("reason").asText() + ")"));
        if (!refused.isEmpty()) {
            s.append("; refused ").append(String.join("; ", refused));
        }
        List<String> missing = new ArrayList<>();
        r.path("missing_required").forEach(m -> missing.add(m.asText()));
        if (!missing.isEmpty()) {
            s.append("; missing ").append(String.join(", ", missing));
        }
        if (r.hasNonNull("install_command")) {
            s.append("; install: ").append(r.path("install_command").asText());
        }
        return s.toString();
    }
}
