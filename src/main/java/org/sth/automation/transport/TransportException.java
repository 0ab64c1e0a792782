package org.sth.automation.transport;

import org.sth.automation.AutomationException;

/** A connectivity failure with its class and the hop where it happened; never carries a secret. */
public class TransportException extends AutomationException {

    private final FailureClass failureClass;
    private final String host;
    private final String hop;

    public TransportException(FailureClass failureClass, String host, String hop, String message, Throwable cause) {
        super(failureClass.code() + " on hop '" + hop + "' of host '" + host + "': " + message, cause);
        this.failureClass = failureClass;
        this.host = host;
        this.hop = hop;
    }

    public FailureClass failureClass() {
        return failureClass;
    }

    public String host() {
        return host;
    }

    public String hop() {
        return hop;
    }

    /** Whether retrying the connection could help (not for auth, host key, missing secret). */
    public boolean retryable() {
        return switch (failureClass) {
            case CONNECTION_REFUSED, TIMEOUT, CONNECTION_LOST, CHANNEL_OPEN_FAILED, UNKNOWN -> true;
            default -> false;
        };
    }
}
