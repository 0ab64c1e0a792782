package org.sth.automation.engine.discover;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.sth.automation.AutomationException;
import org.sth.automation.adapter.spi.StepResult;
import org.sth.automation.engine.RunContext;
import org.sth.automation.host.HostDiscovery;
import org.sth.automation.host.topology.CpuTopology;
import org.sth.automation.host.topology.TopologyParser;
import org.sth.automation.host.topology.TopologyProbe;
import org.sth.automation.host.topology.TopologySources;
import org.sth.automation.io.Json;
import org.sth.automation.run.RecordingSession;
import org.sth.automation.run.RunLayout;
import org.sth.automation.transport.CommandResult;
import org.sth.automation.transport.RemoteCommand;

/**
 * The discover step: connects through the hop chain, probes the platform and the CPU topology (one probe each), writes
 * the host inventory and caches the parsed topology in the run ({@code cpu_topology.json}).
 */
public final class Discovery {

    /** Command key of the topology probe (its output: {@code logs/commands/discover_topology.stdout}). */
    public static final String TOPOLOGY_KEY = "discover/topology";

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
        // one probe for everything the topology model is built from; its raw output stays in logs/commands/
        CommandResult topo = session.execOnce(TOPOLOGY_KEY, RemoteCommand.of(TopologyProbe.COMMAND, timeout, "host/discover"));
        CpuTopology topology = TopologyParser.parse(TopologySources.fromProbeOutput(topo.stdoutText()));

        ObjectNode inv = Json.object();
        inv.put("schema_version", RunLayout.SCHEMA_VERSION);
        inv.put("host", ctx.host().name());
        inv.put("hostname", ctx.host().hostname());
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
        ObjectNode summary = topology.summaryJson();
        summary.put("cache", RunLayout.CPU_TOPOLOGY);
        inv.set("cpu_topology", summary);
        ObjectNode cache = topology.toJson();
        cache.put("host", ctx.host().name());
        cache.put("probed_at", inv.path("probed_at").asText());
        cache.put("probe_key", TOPOLOGY_KEY);
        Json.writeAtomically(ctx.layout().cpuTopology(), cache);
        Json.writeAtomically(ctx.layout().hostInventory(), inv);

        ObjectNode details = Json.object();
        details.put("arch", inv.path("arch").asText());
        details.put("package_manager", inv.path("package_manager").asText(null));
        details.put("sudo", inv.path("sudo").asText());
        details.put("inventory", ctx.layout().relative(ctx.layout().hostInventory()));
        details.put("cpu_topology", RunLayout.CPU_TOPOLOGY);
        details.put("topology", topology.isEmpty() ? "unavailable" : topology.describe());
        return StepResult.completed(details);
    }

}
