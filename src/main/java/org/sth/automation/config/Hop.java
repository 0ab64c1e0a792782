package org.sth.automation.config;

/**
 * One SSH hop: a jump host of a chain, or the target itself. A field the TOML leaves open is null (port 0) and is
 * filled as OpenSSH would, when connecting: {@code hostname} from {@code ~/.ssh/config HostName} else the name,
 * {@code port} from {@code Port} else 22, {@code username} from {@code User} else the local user, and a null
 * {@code authRef} authenticates with the ssh-agent and the default keys (see docs/configuration.md).
 */
public record Hop(String name, String hostname, int port, String username, String authRef) {

    /** Whether any field is left to OpenSSH's rules. */
    public boolean isOpen() {
        return hostname == null || port == 0 || username == null || authRef == null;
    }

    /** {@code user@host:port} for messages and ledgers; what is left open is left out, as one would type it for ssh. */
    public String address() {
        return (username == null ? "" : username + "@") + (hostname == null ? name : hostname) + (port == 0 ? "" : ":" + port);
    }
}
