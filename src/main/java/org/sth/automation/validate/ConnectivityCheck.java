package org.sth.automation.validate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.sth.automation.config.HostConfig;
import org.sth.automation.transport.ConnectivityProbe;
import org.sth.automation.transport.HopReport;
import org.sth.automation.transport.SshTransport;

/** {@code --scope connectivity}: every hop of a host reached, its host key verified, authenticated. */
public final class ConnectivityCheck {

    private ConnectivityCheck() {
    }

    /** Probes {@code host} and adds {@code reachable} and {@code hops} to its report entry; true when every hop is ok. */
    public static boolean probe(SshTransport transport, HostConfig host, ObjectNode entry) {
        List<HopReport> hops = new ConnectivityProbe(transport).probe(host);
        boolean reachable = hops.stream().allMatch(HopReport::ok);
        entry.put("reachable", reachable);
        ArrayNode arr = entry.putArray("hops");
        // snake_case like every other field agents read
        hops.forEach(r -> arr.addObject().put("host", r.host()).put("hop", r.hop()).put("address", r.address()).put("status", r.status())
                .put("message", r.message()).put("host_key_fingerprint", r.hostKeyFingerprint()).put("ok", r.ok()));
        return reachable;
    }
}
