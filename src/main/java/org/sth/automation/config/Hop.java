package org.sth.automation.config;

/** One SSH hop: a jump host of a chain, or the target itself. */
public record Hop(String name, String hostname, int port, String username, String authRef) {

    /** {@code user@host:port}, for messages and ledgers. */
    public String address() {
        return username + "@" + hostname + ":" + port;
    }
}
