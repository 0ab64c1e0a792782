package org.sth.automation.engine.discover;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
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
        CommandResult topo = session.execOnce("discover/topology", RemoteCommand.of(HostDiscovery.TOPOLOGY, timeout, "host/discover"));
        String hostname = ctx.host().hostname() != null ? ctx.host().hostname() : ctx.host().name();
        ObjectNode inv = HostDiscovery.inventory(ctx.host().name(), hostname, session.hops(), probe.stdoutText(), topo.stdoutText(),
                Instant.now(), RunLayout.SCHEMA_VERSION);
        Json.writeAtomically(ctx.layout().hostInventory(), inv);

        ObjectNode details = Json.object();
        details.put("arch", inv.path("arch").asText());
        details.put("package_manager", inv.path("package_manager").asText(null));
        details.put("sudo", inv.path("sudo").asText());
        details.put("inventory", ctx.layout().relative(ctx.layout().hostInventory()));
        return StepResult.completed(details);
    }

}
