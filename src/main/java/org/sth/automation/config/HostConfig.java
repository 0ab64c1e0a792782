package org.sth.automation.config;

import java.util.List;

/** One {@code [[hosts]]} entry: the benchmark target and how to reach it. */
public record HostConfig(
        String name,
        String hostname,
        int port,
        String username,
        String displayName,
        List<String> tags,
        String authRef,
        TransportConfig transport,
        RetryPolicy retry) {

    public HostConfig {
        tags = List.copyOf(tags);
    }

    /** The target itself as the last hop of its chain. */
    public Hop targetHop() {
        return new Hop(name, hostname, port, username, authRef);
    }

    /** Every hop from the controller side to the target, the target last. */
    public List<Hop> chain() {
        var all = new java.util.ArrayList<>(transport.hops());
        all.add(targetHop());
        return List.copyOf(all);
    }
}
