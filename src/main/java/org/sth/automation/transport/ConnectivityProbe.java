package org.sth.automation.transport;

import java.util.ArrayList;
import java.util.List;
import org.sth.automation.config.Hop;
import org.sth.automation.config.HostConfig;
import org.sth.automation.config.RetryPolicy;

/** Probes every hop of a host's chain in turn (one attempt, no retries) and reports per hop; never throws. */
public final class ConnectivityProbe {

    private final SshTransport transport;

    public ConnectivityProbe(SshTransport transport) {
        this.transport = transport;
    }

    public List<HopReport> probe(HostConfig host) {
        List<HopReport> reports = new ArrayList<>();
        RetryPolicy retry = host.retry() == null ? RetryPolicy.DEFAULT : host.retry();
        try (HopChain chain = transport.connect(host, retry.connectTimeout(), reports::add)) {
            return List.copyOf(reports);
        } catch (RuntimeException e) {
            List<Hop> hops;
            try {
                hops = transport.chainOf(host);
            } catch (TransportException unreadable) {
                hops = host.chain();
            }
            int failedAt = reports.size();
            // a hop that failed has reported itself; otherwise the failure came before any hop (e.g. ~/.ssh/config)
            boolean reported = reports.stream().anyMatch(r -> !r.ok());
            for (int i = failedAt; i < hops.size(); i++) {
                Hop hop = hops.get(i);
                String message;
                String status;
                if (i > failedAt || reported) {
                    message = "not reached: an earlier hop failed";
                    status = "not_reached";
                } else if (e instanceof TransportException te) {
                    // failed before any hop reported (e.g. ~/.ssh/config unreadable): its class goes on the first hop left
                    message = te.getMessage();
                    status = te.failureClass().code();
                } else {
                    message = transport.redactor().redact(SshTransport.rootMessage(e));
                    status = FailureClass.UNKNOWN.code();
                }
                reports.add(new HopReport(host.name(), hop.name(), hop.address(), status, message, null));
            }
            return List.copyOf(reports);
        }
    }
}
