package org.sth.automation.transport;

/**
 * The result of probing one hop of a host's chain.
 *
 * @param host               the configured host name
 * @param hop                the hop name (a jump host or the target)
 * @param address            {@code user@host:port}
 * @param status             {@code ok}, a {@link FailureClass} code, or {@code not_reached} when an earlier hop failed
 * @param message            human-readable detail, never a secret
 * @param hostKeyFingerprint {@code SHA256:…} of the key the hop presented, {@code null} if none was seen
 */
public record HopReport(String host, String hop, String address, String status, String message, String hostKeyFingerprint) {

    public boolean ok() {
        return "ok".equals(status);
    }
}
