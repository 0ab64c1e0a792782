package org.sth.automation.validate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.sth.automation.adapter.spi.AdapterRegistry;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.bundle.Needs;
import org.sth.automation.bundle.StagingReadiness;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.HostConfig;
import org.sth.automation.engine.PreflightRecord;
import org.sth.automation.engine.preflight.Preflight;
import org.sth.automation.host.DryFacts;
import org.sth.automation.host.HostDiscovery;
import org.sth.automation.host.HostFacts;
import org.sth.automation.host.LiveFacts;
import org.sth.automation.host.PackageManagers;
import org.sth.automation.host.topology.CachedTopology;
import org.sth.automation.host.topology.CpuTopology;
import org.sth.automation.host.topology.TopologyParser;
import org.sth.automation.host.topology.TopologyProbe;
import org.sth.automation.host.topology.TopologySources;
import org.sth.automation.io.Json;
import org.sth.automation.run.HostRuns;
import org.sth.automation.run.RunLayout;
import org.sth.automation.transport.RemoteCommand;
import org.sth.automation.transport.RemoteSession;
import org.sth.automation.transport.SshTransport;
import org.sth.automation.transport.TransportException;

/**
 * {@code --scope staging} (dry) and the readiness part of {@code --scope all} (live): each benchmark's readiness on a
 * host from the one classifier live preflight uses. The prediction comes from the host's newest cached preflight
 * snapshot when there is one, else from assumptions (arch unknown, every command present); a live probe then
 * validates it ({@code validated_readiness_status}, possibly a downgrade of {@code predicted_readiness_status}).
 */
public final class StagingCheck {

    private StagingCheck() {
    }

    /**
     * What is predicted for a host before (or without) a live probe.
     *
     * @param facts    the facts predicted from
     * @param basis    one sentence: where they come from
     * @param snapshot the cached preflight snapshot, null when the facts are assumptions
     */
    public record Prediction(HostFacts facts, String basis, CachedPreflight snapshot) {
    }

    /** The host's newest preflight snapshot under {@code runs_root}, else the dry assumptions. */
    public static Prediction predict(AutomationConfig cfg, List<AdapterSpec> specs, HostConfig host) {
        Set<String> wanted = wanted(specs);
        return CachedPreflight.find(cfg.paths().runsRoot(), host.name(), wanted)
                .map(c -> new Prediction(c.facts(), c.basis(), c))
                .orElseGet(() -> new Prediction(dryFacts(specs),
                        "dry: no preflight snapshot of " + host.name() + " under " + cfg.paths().runsRoot()
                                + "; packaging verified on the controller, host arch unknown, host commands assumed present "
                                + "(live_check_command checks them on the host)", null));
    }

    /** {@code --scope staging}: the predicted readiness; true when every benchmark is predicted runnable. */
    public static boolean dry(AutomationConfig cfg, List<AdapterSpec> specs, Prediction p, ObjectNode entry) {
        entry.put("readiness_basis", p.basis());
        if (p.snapshot() != null) {
            entry.set("snapshot", p.snapshot().toJson());
        }
        ObjectNode readiness = entry.putObject("readiness");
        boolean ok = true;
        for (AdapterSpec a : specs) {
            ObjectNode r = StagingReadiness.assess(cfg, a.needs(), p.facts()).toJson();
            readiness.set(a.name(), r);
            ok &= PreflightRecord.runnable(r.path("status").asText());
        }
        return ok;
    }

    /**
     * {@code --scope all}: the readiness from the live probe, beside the prediction it validates; an unreachable host
     * keeps what it is expected to need (commands, packages, the install command predicted).
     */
    public static boolean validated(AutomationConfig cfg, List<AdapterSpec> specs, Prediction p, HostFacts live, ObjectNode entry) {
        entry.put("readiness_basis", (live.reachable() ? "live: probed on the host; predicted from " : "live: host unreachable; expected from ")
                + p.basis());
        if (p.snapshot() != null) {
            entry.set("snapshot", p.snapshot().toJson());
        }
        ObjectNode readiness = entry.putObject("readiness");
        boolean ok = true;
        for (AdapterSpec a : specs) {
            ObjectNode predicted = StagingReadiness.assess(cfg, a.needs(), p.facts()).toJson();
            ObjectNode r = StagingReadiness.assess(cfg, a.needs(), live).toJson();
            r.put("predicted_readiness_status", predicted.path("status").asText());
            if (live.reachable()) {
                r.put("validated_readiness_status", r.path("status").asText());
                r.put("readiness_downgraded", !r.path("status").asText().equals(predicted.path("status").asText()));
            } else {
                expected(cfg, a.needs(), p.facts(), predicted, r);
            }
            readiness.set(a.name(), r);
            ok &= PreflightRecord.runnable(r.path("status").asText());
        }
        return ok;
    }

    /** What an unreachable host is expected to need: the commands, their packages, and what the prediction says to install. */
    private static void expected(AutomationConfig cfg, Needs needs, HostFacts predicted, ObjectNode prediction, ObjectNode r) {
        Needs n = needs.allowingMissing(cfg.execution().allowMissing(needs.benchmark()));
        Set<String> commands = new LinkedHashSet<>(n.requiredCommands());
        commands.addAll(n.optionalCommands());
        commands.forEach(r.putArray("expected_commands")::add);
        ObjectNode packages = r.putObject("expected_packages");
        List<String> managers = predicted.packageManager() != null ? List.of(predicted.packageManager()) : List.of(PackageManagers.PROBE_ORDER);
        for (String m : managers) {
            Set<String> pkgs = new TreeSet<>();
            commands.forEach(c -> pkgs.add(PackageManagers.packageFor(m, c)));
            pkgs.forEach(packages.putArray(m)::add);
        }
        r.set("missing_required", prediction.path("missing_required").deepCopy());
        r.set("missing_optional", prediction.path("missing_optional").deepCopy());
        r.set("install_command", prediction.path("install_command").deepCopy());
        r.put("expected_install_command", predicted.packageManager() == null ? null
                : PackageManagers.installCommand(predicted.packageManager(), commands));
    }

    /** Every command the benchmarks may need on a host (what the preflight probe asks for). */
    static Set<String> wanted(List<AdapterSpec> specs) {
        return dryFacts(specs).availableCommands();
    }

    /** Dry facts: no connection; the host is assumed to have every command the benchmarks name. */
    public static HostFacts dryFacts(List<AdapterSpec> specs) {
        Set<String> assumed = new TreeSet<>();
        specs.forEach(a -> {
            assumed.addAll(a.requiredCommands());
            assumed.addAll(a.optionalCommands());
            // one of each interchangeable group is assumed: the first, the one an install command would name
            a.requiredAnyOf().forEach(g -> assumed.add(g.get(0)));
            assumed.addAll(a.packaging().runnerCommands());
            // and what a source build needs: dry, a source build is possible when the controller has what it needs
            assumed.addAll(a.packaging().sourceBuildTools());
        });
        return DryFacts.from(java.util.Map.of("commands", String.join(",", assumed)));
    }

    /** What the live probes found: the host's facts and its CPU topology (null when unreachable or not reported). */
    public record Probed(HostFacts facts, CpuTopology topology) {
    }

    /** The platform, command and topology probes discover and preflight run, through the real hop chain, on one session. */
    public static Probed live(SshTransport transport, HostConfig h, List<AdapterSpec> specs, boolean reachable) {
        if (!reachable) {
            return new Probed(LiveFacts.unreachable(), null);
        }
        try (RemoteSession session = transport.open(h)) {
            var probe = session.exec(RemoteCommand.of(HostDiscovery.PROBE, h.retry().commandTimeout(), "validate/discover"));
            ObjectNode inventory = HostDiscovery.platform(HostDiscovery.parseFacts(probe.stdoutText()));
            var commands = session.exec(RemoteCommand.of(Preflight.probeScript(specs), h.retry().commandTimeout(), "validate/preflight"));
            var topo = session.exec(RemoteCommand.of(TopologyProbe.COMMAND, h.retry().commandTimeout(), "validate/topology"));
            CpuTopology topology = TopologyParser.parse(TopologySources.fromProbeOutput(topo.stdoutText()));
            return new Probed(LiveFacts.from(inventory, commands.stdoutText()), topology.isEmpty() ? null : topology);
        } catch (TransportException e) {
            return new Probed(LiveFacts.unreachable(), null);
        }
    }

    /**
     * The newest topology discover cached for a host under the config's runs root (the dry scope's topology), or null
     * with the reason in {@code basis[0]}.
     */
    public static CpuTopology cachedTopology(AutomationConfig cfg, HostConfig h, String[] basis) {
        Optional<Path> run = HostRuns.newestWith(cfg.paths().runsRoot(), h.name(), RunLayout.CPU_TOPOLOGY);
        if (run.isEmpty()) {
            basis[0] = "no run of " + h.name() + " under " + cfg.paths().runsRoot() + " has a cached topology yet (any run discovers it, e.g. "
                    + "run --host " + h.name() + " --benchmarks preflight)";
            return null;
        }
        try {
            CachedTopology cached = CachedTopology.read(run.get().resolve(RunLayout.CPU_TOPOLOGY));
            basis[0] = cached.basis();
            return cached.topology().isEmpty() ? null : cached.topology();
        } catch (IllegalArgumentException e) {
            basis[0] = e.getMessage();
            return null;
        }
    }

    /**
     * Adds {@code topology_basis} and {@code run_families.<benchmark>} (what each benchmark would run on the host, e.g.
     * agentsth's families, mainstream and supplemental) to a host's report entry.
     */
    public static void plans(AutomationConfig cfg, AdapterRegistry adapters, List<String> benchmarks, CpuTopology topology, String basis,
            ObjectNode entry) {
        entry.put("topology_basis", basis);
        ObjectNode plans = Json.object();
        for (String b : benchmarks) {
            adapters.require(b).plan(cfg, topology, basis).ifPresent(p -> plans.set(b, p));
        }
        if (!plans.isEmpty()) {
            entry.set("run_families", plans);
        }
    }
}
