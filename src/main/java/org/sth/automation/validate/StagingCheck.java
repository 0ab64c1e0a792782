package org.sth.automation.validate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
                .orElseGet(() -> new Prediction(DryFacts.from(Map.of("commands", String.join(",", wanted))),
                        "dry: no preflight snapshot of " + host.name() + " under " + cfg.paths().runsRoot()
                                + "; packaging verified on the controller, host arch unknown, host commands assumed present "
                                + "(--scope all checks them live)", null));
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
    public static boolean live(AutomationConfig cfg, List<AdapterSpec> specs, Prediction p, HostFacts live, ObjectNode entry) {
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
        Set<String> wanted = new TreeSet<>();
        specs.forEach(a -> {
            wanted.addAll(a.requiredCommands());
            wanted.addAll(a.optionalCommands());
            wanted.addAll(a.packaging().runnerCommands());
            wanted.addAll(a.packaging().sourceBuildTools());
        });
        return wanted;
    }

    /** Live facts: the same probes discover and preflight run, through the real hop chain. */
    public static HostFacts liveFacts(SshTransport transport, HostConfig h, List<AdapterSpec> specs, boolean reachable) {
        if (!reachable) {
            return LiveFacts.unreachable();
        }
        try (RemoteSession session = transport.open(h)) {
            var probe = session.exec(RemoteCommand.of(HostDiscovery.PROBE, h.retry().commandTimeout(), "validate/discover"));
            ObjectNode inventory = HostDiscovery.platform(HostDiscovery.parseFacts(probe.stdoutText()));
            var commands = session.exec(RemoteCommand.of(Preflight.probeScript(specs), h.retry().commandTimeout(), "validate/preflight"));
            return LiveFacts.from(inventory, commands.stdoutText());
        } catch (TransportException e) {
            return LiveFacts.unreachable();
        }
    }
}
