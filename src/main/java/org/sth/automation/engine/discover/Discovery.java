package org.sth.automation.engine.discover;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.sth.automation.AutomationException;
import org.sth.automation.adapter.spi.StepResult;
import org.sth.automation.engine.RunContext;
import org.sth.automation.host.HostDiscovery;
import org.sth.automation.io.Json;
import org.sth.automation.run.RecordingSession;
import org.sth.automation.run.RunLayout;
import org.sth.automation.transport.CommandResult;
import org.sth.automation.transport.RemoteCommand;

/** The discover step: connects through the hop chain, probes the platform and writes the host inventory. */
public final class Discovery {

    private Discovery() {
    }

    public static StepResult discover(RunContext ctx) {
        RecordingSession session = ctx.session();
        Duration timeout = ctx.host().retry().commandTimeout();
        CommandResult probe = session.execOnce("discover/probe", RemoteCommand.of(HostDiscovery.PROBE, timeout, "host/discover"));
        if (!probe.ok()) {
            throw new AutomationException("Host probe failed on '" + ctx.host().name() + "' (exit " + probe.exitCode() + "): "
                    + probe.stderrText().strip());
        }
        Map<String, String> facts = HostDiscovery.parseFacts(probe.stdoutText());
        CommandResult topo = session.execOnce("discover/topology", RemoteCommand.of(HostDiscovery.TOPOLOGY, timeout, "host/discover"));

        ObjectNode inv = Json.object();
        inv.put("schema_version", RunLayout.SCHEMA_VERSION);
        inv.put("host", ctx.host().name());
        inv.put("hostname", ctx.host().hostname() != null ? ctx.host().hostname() : ctx.host().name());
        inv.put("state", "probed");
        inv.put("probed_at", Instant.now().toString());
        var hops = inv.putArray("hop_chain");
        session.hops().forEach(hops::add);
        inv.put("arch_raw", facts.getOrDefault("arch", "unknown"));
        inv.setAll(HostDiscovery.platform(facts));
        ObjectNode os = inv.putObject("os");
        os.put("id", facts.get("os_id"));
        os.put("version_id", facts.get("os_version"));
        os.put("pretty_name", facts.get("os_pretty_name"));
        os.put("kernel", facts.get("kernel"));
        inv.put("remote_user", facts.get("user"));
        inv.put("remote_uid", facts.get("uid"));
        inv.put("sudo", facts.getOrDefault("sudo", "unknown"));
        inv.put("online_cpus", HostDiscovery.parseInt(facts.get("online_cpus")));
        inv.put("online_cpu_list", facts.get("online_cpu_list"));
        inv.put("reported_hostname", facts.get("hostname"));
        inv.set("cpu_topology", HostDiscovery.topologySummary(topo.stdoutText()));
        Json.writeAtomically(ctx.layout().hostInventory(), inv);

        ObjectNode details = Json.object();
        details.put("arch", inv.path("arch").asText());
        details.put("package_manager", inv.path("package_manager").asText(null));
        details.put("sudo", inv.path("sudo").asText());
        details.put("inventory", ctx.layout().relative(ctx.layout().hostInventory()));
        return StepResult.completed(details);
    }

}
