package org.sth.automation.validate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
        });
        return DryFacts.from(java.util.Map.of("commands", String.join(",", assumed)));
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
