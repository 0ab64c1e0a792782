package org.sth.automation.config;

import java.util.List;

/**
 * One {@code [[hosts]]} entry: the benchmark target and how to reach it. {@code hostname}, {@code username} and
 * {@code authRef} are null and {@code port} is 0 where the TOML leaves them open (see {@link Hop}).
 */
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

    /** Whether anything of the chain is left to OpenSSH's rules (a field of a hop, or the transport itself). */
    public boolean isOpen() {
        return !transport.declared() || chain().stream().anyMatch(Hop::isOpen);
    }

    /** Every hop from the controller side to the target, the target last. */
    public List<Hop> chain() {
        var all = new java.util.ArrayList<>(transport.hops());
        all.add(targetHop());
        return List.copyOf(all);
    }
}
