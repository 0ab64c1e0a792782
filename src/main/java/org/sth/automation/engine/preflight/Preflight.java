package org.sth.automation.engine.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.sth.automation.AutomationException;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.adapter.spi.StepResult;
import org.sth.automation.bundle.Bootstraps;
import org.sth.automation.bundle.StagingReadiness;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.PreflightRecord;
import org.sth.automation.engine.RunContext;
import org.sth.automation.host.HostFacts;
import org.sth.automation.host.LiveFacts;
import org.sth.automation.host.topology.CpuTopology;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.Json;
import org.sth.automation.io.SafeText;
import org.sth.automation.run.RunLayout;
import org.sth.automation.run.status.Phase;
import org.sth.automation.transport.CommandResult;
import org.sth.automation.transport.RemoteCommand;

/**
 * Probes what every planned benchmark needs (commands, scratch disk, sudo) and classifies each as
 * {@code ready} or {@code missing_runtime_dependencies}, with the install command for the host.
 */
public final class Preflight {

    /**
     * The preflight step of a run: classifies every planned benchmark; after {@code resume} of a run whose
     * benchmarks preflight blocked, probes again under the key the resume chose (idempotent on redelivery).
     */
    public static void run(Engine engine, RunContext ctx) {
        Path recheck = ctx.layout().readinessRecheck();
        if (Files.exists(recheck)) {
            String key = recheckKeyIn(recheck);
            engine.rerunStep(ctx, PreflightRecord.STEP, Phase.PREFLIGHT, () -> check(ctx, key));
            AtomicFiles.delete(recheck);
        } else {
            engine.runStep(ctx, PreflightRecord.STEP, Phase.PREFLIGHT, () -> check(ctx, PreflightRecord.PROBE_KEY));
        }
    }

    private static String recheckKeyIn(Path recheck) {
        try {
            String key = Files.readString(recheck).strip();
            // a marker edited by hand still re-checks, under a key of its own
            return key.startsWith(PreflightRecord.PROBE_KEY + "/recheck-") ? key : PreflightRecord.recheckKey();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + recheck + ": " + e.getMessage(), e);
        }
    }

    static StepResult check(RunContext ctx, String probeKey) {
        ctx.adapters().checkConfig(ctx.config());
        List<AdapterSpec> specs = ctx.plan().benchmarks().stream().map(b -> ctx.adapters().spec(b, ctx.config())).toList();
        CommandResult r = ctx.session().execOnce(probeKey,
                RemoteCommand.of(probeScript(specs), ctx.host().retry().commandTimeout(), "preflight/preflight"));
        if (!r.ok()) {
            throw new AutomationException("Preflight probe failed on '" + ctx.host().name() + "' (exit " + r.exitCode() + "): "
                    + r.stderrText().strip());
        }
        ObjectNode inventory = ctx.inventory();
        HostFacts facts = LiveFacts.from(inventory, r.stdoutText());
        ObjectNode summary = Json.object();
        summary.put("schema_version", RunLayout.SCHEMA_VERSION);
        summary.put("host", ctx.host().name());
        summary.put("arch", facts.arch());
        summary.put("package_manager", facts.packageManager());
        summary.put("sudo", inventory.path("sudo").asText("unknown"));
        summary.put("scratch_free_kib", freeKib(r.stdoutText()));
        // what the probe saw, so `validate --scope staging` can predict from this snapshot instead of assuming every command
        ObjectNode commands = summary.putObject("commands");
        var probedHave = commands.putArray("have");
        var probedMissing = commands.putArray("missing");
        for (String line : r.stdoutText().split("\n")) {
            if (line.startsWith("have ")) {
                probedHave.add(line.substring(5).strip());
            } else if (line.startsWith("missing ")) {
                probedMissing.add(line.substring(8).strip());
            }
        }
        ObjectNode readiness = summary.putObject("readiness");
        for (AdapterSpec spec : specs) {
            ObjectNode a = StagingReadiness.assess(ctx.config(), spec.needs(), facts).toJson();
            readiness.set(spec.name(), a);
            if (a.hasNonNull("install_command")) {
                List<String> missing = new ArrayList<>();
                a.path("missing_required").forEach(m -> missing.add(m.asText()));
                a.path("missing_optional").forEach(m -> missing.add(m.asText()));
                ctx.store().warning("preflight_" + spec.name(), spec.name() + ": missing on host: " + String.join(", ", missing),
                        a.path("install_command").asText());
            }
        }
        // what each benchmark will run on this host, from the topology discover cached (e.g. agentsth's run families)
        java.util.Optional<CpuTopology> topology = ctx.topology().filter(t -> !t.isEmpty());
        String basis = topology.isPresent() ? "cached by discover in this run (" + RunLayout.CPU_TOPOLOGY + ")"
                : "discover captured no CPU topology for this run";
        ObjectNode plans = summary.putObject("run_families");
        for (AdapterSpec spec : specs) {
            ctx.adapters().require(spec.name()).plan(ctx.config(), topology.orElse(null), basis).ifPresent(p -> plans.set(spec.name(), p));
        }
        Json.writeAtomically(ctx.layout().preflightDir().resolve("summary.json"), summary);
        AtomicFiles.write(ctx.layout().preflightDir().resolve("summary.md"), SafeText.text(render(summary)));

        ObjectNode details = Json.object();
        details.set("readiness", readiness.deepCopy());
        details.put("summary", "preflight/summary.json");
        details.put("probe_key", probeKey);
        return StepResult.completed(details);
    }

    /** The probe both live preflight and {@code validate --scope all} run: every command the adapters may need, and free space. */
    public static String probeScript(List<AdapterSpec> specs) {
        Set<String> commands = new LinkedHashSet<>(List.of("bash", "setsid", "tar", "sha256sum"));
        for (AdapterSpec spec : specs) {
            commands.addAll(spec.requiredCommands());
            commands.addAll(spec.optionalCommands());
            spec.requiredAnyOf().forEach(commands::addAll);
            commands.addAll(spec.packaging().runnerCommands());
            commands.addAll(spec.packaging().sourceBuildTools());
            spec.packaging().bootstrap().values().forEach(b -> commands.addAll(Bootstraps.requires(b)));
        }
        StringBuilder script = new StringBuilder("for c in");
        commands.forEach(c -> script.append(' ').append(c));
        script.append("; do if command -v \"$c\" >/dev/null 2>&1; then echo \"have $c\"; else echo \"missing $c\"; fi; done; ")
                .append("df -Pk /tmp | tail -n 1 | awk '{print \"tmp_free_kib \" $4}'");
        return script.toString();
    }

    static long freeKib(String probeStdout) {
        for (String line : probeStdout.split("\n")) {
            if (line.startsWith("tmp_free_kib ")) {
                return Long.parseLong(line.substring(13).strip());
            }
        }
        return -1;
    }

    static String render(ObjectNode s) {
        StringBuilder md = new StringBuilder("# Preflight: ").append(s.path("host").asText()).append("\n\n");
        md.append("- Arch: ").append(s.path("arch").asText("unknown")).append('\n');
        md.append("- Package manager: ").append(s.path("package_manager").asText("unknown")).append('\n');
        md.append("- Sudo: ").append(s.path("sudo").asText()).append('\n');
        md.append("- Free space in /tmp: ").append(s.path("scratch_free_kib").asLong() / 1024).append(" MiB\n\n");
        md.append("| benchmark | readiness | why | packaging basis | missing required | missing optional | install command |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        s.path("readiness").fields().forEachRemaining(e -> {
            JsonNode a = e.getValue();
            md.append("| ").append(e.getKey()).append(" | ").append(a.path("status").asText()).append(" | ")
                    .append(a.path("status_basis").asText()).append(" | ").append(a.path("basis").asText("-")).append(" | ")
                    .append(join(a.path("missing_required")))
                    .append(" | ").append(join(a.path("missing_optional"))).append(" | ")
                    .append(a.path("install_command").isNull() ? "-" : "`" + a.path("install_command").asText() + "`").append(" |\n");
        });
        md.append("\n## Packaging\n\n");
        org.sth.automation.run.status.PackagingSummary.lines(s.path("readiness")).forEach(l -> md.append("- ").append(l).append('\n'));
        s.path("run_families").fields().forEachRemaining(e -> {
            md.append("\n## Planned run families: ").append(e.getKey()).append("\n\n");
            md.append("Topology: ").append(e.getValue().path("topology").asText()).append("\n\n");
            e.getValue().path("lines").forEach(l -> md.append("- ").append(l.asText()).append('\n'));
        });
        return md.toString();
    }

    private static String join(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(x -> out.add(x.asText()));
        return out.isEmpty() ? "-" : String.join(", ", out);
    }
}
