package org.sth.automation.validate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.nio.file.Path;
import java.util.Optional;
import org.sth.automation.adapter.spi.AdapterRegistry;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.bundle.StagingReadiness;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.HostConfig;
import org.sth.automation.engine.PreflightRecord;
import org.sth.automation.engine.preflight.Preflight;
import org.sth.automation.host.DryFacts;
import org.sth.automation.host.HostDiscovery;
import org.sth.automation.host.HostFacts;
import org.sth.automation.host.LiveFacts;
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
 * host from the one classifier live preflight uses, with the facts either assumed (dry) or probed (live).
 */
public final class StagingCheck {

    private StagingCheck() {
    }

    /** Adds {@code readiness_basis} and {@code readiness} to a host's report entry; true when every benchmark is runnable. */
    public static boolean assess(AutomationConfig cfg, List<AdapterSpec> specs, HostFacts facts, String basis, ObjectNode entry) {
        entry.put("readiness_basis", basis);
        ObjectNode readiness = entry.putObject("readiness");
        boolean ok = true;
        for (AdapterSpec a : specs) {
            ObjectNode r = StagingReadiness.assess(cfg, a.needs(), facts).toJson();
            r.put("validated_readiness_status", r.path("status").asText());
            readiness.set(a.name(), r);
            ok &= PreflightRecord.runnable(r.path("status").asText());
        }
        return ok;
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

    /** Live facts: the same probes discover and preflight run, through the real hop chain. */
    public static HostFacts liveFacts(SshTransport transport, HostConfig h, List<AdapterSpec> specs, boolean reachable) {
        return live(transport, h, specs, reachable).facts();
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
