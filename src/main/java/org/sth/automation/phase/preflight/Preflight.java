package org.sth.automation.phase.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.sth.automation.AutomationException;
import org.sth.automation.adapter.AdapterSpec;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.adapter.PackageManagers;
import org.sth.automation.phase.StepContext;
import org.sth.automation.phase.StepResult;
import org.sth.automation.run.AtomicFiles;
import org.sth.automation.run.Json;
import org.sth.automation.run.Phase;
import org.sth.automation.run.RunLayout;
import org.sth.automation.run.StepManifests;
import org.sth.automation.transport.CommandResult;
import org.sth.automation.transport.RemoteCommand;

/**
 * Probes what every planned benchmark needs (commands, scratch disk, sudo) and classifies each as
 * {@code ready} or {@code missing_runtime_dependencies}, with the install command for the host.
 */
public final class Preflight {

    /** The adapter name preflight's own step manifest is filed under. */
    public static final String STEP = "preflight";

    private final Adapters adapters;

    public Preflight(Adapters adapters) {
        this.adapters = adapters;
    }

    public StepResult check(StepContext ctx) {
        Set<String> commands = new LinkedHashSet<>(List.of("bash", "setsid"));
        for (String b : ctx.plan().benchmarks()) {
            AdapterSpec spec = adapters.require(b).spec();
            commands.addAll(spec.requiredCommands());
            commands.addAll(spec.optionalCommands());
        }
        StringBuilder script = new StringBuilder("for c in");
        commands.forEach(c -> script.append(' ').append(c));
        script.append("; do if command -v \"$c\" >/dev/null 2>&1; then echo \"have $c\"; else echo \"missing $c\"; fi; done; ")
                .append("df -Pk /tmp | tail -n 1 | awk '{print \"tmp_free_kib \" $4}'");
        CommandResult r = ctx.session().execOnce("preflight/probe",
                RemoteCommand.of(script.toString(), ctx.host().retry().commandTimeout(), "preflight/preflight"));
        if (!r.ok()) {
            throw new AutomationException("Preflight probe failed on '" + ctx.host().name() + "' (exit " + r.exitCode() + "): "
                    + r.stderrText().strip());
        }
        Set<String> missing = new LinkedHashSet<>();
        long freeKib = -1;
        for (String line : r.stdoutText().split("\n")) {
            if (line.startsWith("missing ")) {
                missing.add(line.substring(8).strip());
            } else if (line.startsWith("tmp_free_kib ")) {
                freeKib = Long.parseLong(line.substring(13).strip());
            }
        }
        ObjectNode inventory = ctx.inventory();
        String pm = inventory.path("package_manager").asText(null);

        ObjectNode summary = Json.object();
        summary.put("schema_version", RunLayout.SCHEMA_VERSION);
        summary.put("host", ctx.host().name());
        summary.put("package_manager", pm);
        summary.put("sudo", inventory.path("sudo").asText("unknown"));
        summary.put("scratch_free_kib", freeKib);
        var missingAll = summary.putArray("missing_commands");
        missing.forEach(missingAll::add);
        ObjectNode readiness = summary.putObject("readiness");
        Map<String, String> installs = new TreeMap<>();
        for (String b : ctx.plan().benchmarks()) {
            AdapterSpec spec = adapters.require(b).spec();
            List<String> missingRequired = new ArrayList<>(spec.requiredCommands());
            missingRequired.retainAll(missing);
            List<String> missingOptional = new ArrayList<>(spec.optionalCommands());
            missingOptional.retainAll(missing);
            ObjectNode a = readiness.putObject(b);
            a.put("status", missingRequired.isEmpty() ? "ready" : "missing_runtime_dependencies");
            a.put("status_basis", missingRequired.isEmpty()
                    ? "all required commands found on the host" : "required commands missing: " + String.join(", ", missingRequired));
            missingRequired.forEach(a.putArray("missing_required")::add);
            missingOptional.forEach(a.putArray("missing_optional")::add);
            List<String> toInstall = new ArrayList<>(missingRequired);
            toInstall.addAll(missingOptional);
            String install = PackageManagers.installCommand(pm, toInstall);
            a.put("install_command", install);
            if (install != null) {
                installs.put(b, install);
                ctx.store().warning("preflight_" + b, b + ": missing on host: " + String.join(", ", toInstall), install);
            }
        }
        Json.writeAtomically(ctx.layout().preflightDir().resolve("summary.json"), summary);
        AtomicFiles.write(ctx.layout().preflightDir().resolve("summary.md"), render(summary));

        ObjectNode details = Json.object();
        details.set("readiness", readiness.deepCopy());
        details.put("summary", "preflight/summary.json");
        return StepResult.completed(details);
    }

    /** The readiness preflight recorded for an adapter, or {@code ready} when preflight has not classified it. */
    public static JsonNode readiness(RunLayout layout, String adapter) {
        return StepManifests.read(layout, STEP, Phase.PREFLIGHT)
                .map(m -> m.path("details").path("readiness").path(adapter))
                .filter(n -> !n.isMissingNode())
                .orElse(Json.object().put("status", "ready").put("status_basis", "not classified by preflight"));
    }

    static String render(ObjectNode s) {
        StringBuilder md = new StringBuilder("# Preflight: ").append(s.path("host").asText()).append("\n\n");
        md.append("- Package manager: ").append(s.path("package_manager").asText("unknown")).append('\n');
        md.append("- Sudo: ").append(s.path("sudo").asText()).append('\n');
        md.append("- Free space in /tmp: ").append(s.path("scratch_free_kib").asLong() / 1024).append(" MiB\n\n");
        md.append("| benchmark | readiness | basis | missing required | missing optional | install command |\n");
        md.append("|---|---|---|---|---|---|\n");
        s.path("readiness").fields().forEachRemaining(e -> {
            JsonNode a = e.getValue();
            md.append("| ").append(e.getKey()).append(" | ").append(a.path("status").asText()).append(" | ")
                    .append(a.path("status_basis").asText()).append(" | ").append(join(a.path("missing_required")))
                    .append(" | ").append(join(a.path("missing_optional"))).append(" | ")
                    .append(a.path("install_command").isNull() ? "-" : "`" + a.path("install_command").asText() + "`").append(" |\n");
        });
        return md.toString();
    }

    private static String join(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(x -> out.add(x.asText()));
        return out.isEmpty() ? "-" : String.join(", ", out);
    }
}
