package org.sth.automation.engine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sth.automation.adapter.spi.AdapterRegistry;
import org.sth.automation.adapter.agentsth.AgentsthAdapter;
import org.sth.automation.adapter.geekbench.GeekbenchAdapter;
import org.sth.automation.adapter.latency.LatencyAdapter;
import org.sth.automation.adapter.preflight.PreflightOnlyAdapter;
import org.sth.automation.adapter.probe.BoundsProbeAdapter;
import org.sth.automation.adapter.sysinfo.SystemInfoAdapter;
import org.sth.automation.transport.SecretSource;
import org.sth.automation.transport.SshTransport;
import org.sth.automation.transport.TransportListener;

/** Builds the production engine: MINA SSH transport (one per config file) and the standard adapters. */
public final class Engines {

    private Engines() {
    }

    public static AdapterRegistry standardAdapters() {
        return new AdapterRegistry(List.of(new SystemInfoAdapter(), new LatencyAdapter(), new GeekbenchAdapter(), new AgentsthAdapter(), new BoundsProbeAdapter(), new PreflightOnlyAdapter()));
    }

    public static Engine standard(SecretSource secrets) {
        Map<String, SshTransport> transports = new ConcurrentHashMap<>();
        return new Engine((config, host) -> transports.computeIfAbsent(config.source().toAbsolutePath().toString(),
                k -> new SshTransport(config.ssh(), config.authRefs(), secrets, TransportListener.NONE)).open(host),
                secrets, standardAdapters());
    }
}
