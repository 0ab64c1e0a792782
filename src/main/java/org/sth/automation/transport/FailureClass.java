package org.sth.automation.transport;

/** Structured connectivity failure classes, as reported in payloads and ledgers. */
public enum FailureClass {
    AUTH_FAILED("auth_failed"),
    HOST_KEY_MISMATCH("host_key_mismatch"),
    HOST_KEY_UNKNOWN("host_key_unknown"),
    CONNECTION_REFUSED("connection_refused"),
    TIMEOUT("timeout"),
    DNS("dns"),
    MISSING_SECRET_ENV("missing_secret_env"),
    MISSING_KEY_FILE("missing_key_file"),
    CHANNEL_OPEN_FAILED("channel_open_failed"),
    CONNECTION_LOST("connection_lost"),
    /** {@code ~/.ssh/config} cannot be read or applied to a host the TOML leaves open. */
    SSH_CONFIG("ssh_config"),
    UNKNOWN("unknown");

    private final String code;

    FailureClass(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
