package org.sth.automation.transport;

import org.sth.automation.AutomationException;

/** A connectivity failure with its class and the hop where it happened; never carries a secret. */
public class TransportException extends AutomationException {

    private final FailureClass failureClass;
    private final String host;
    private final String hop;
    private final int attempts;

    public TransportException(FailureClass failureClass, String host, String hop, String message, Throwable cause) {
        this(failureClass, host, hop, message, cause, 0);
    }

    private TransportException(FailureClass failureClass, String host, String hop, String message, Throwable cause, int attempts) {
        super(failureClass.code() + " on hop '" + hop + "' of host '" + host + "': " + message, cause);
        this.failureClass = failureClass;
        this.host = host;
        this.hop = hop;
        this.attempts = attempts;
    }

    /**
     * This failure after the host's retry policy ({@code [hosts.retry] attempts}) made {@code attempts} tries: the
     * policy is the retry, so nothing above it (Camel's redelivery) retries again ({@link #retryable()} is false).
     */
    public TransportException afterAttempts(int attempts) {
        String message = getMessage().substring(getMessage().indexOf("': ") + 3)
                + " (gave up after " + attempts + " attempt" + (attempts == 1 ? "" : "s") + ", [hosts.retry] attempts = " + attempts + ")";
        TransportException t = new TransportException(failureClass, host, hop, message, getCause(), attempts);
        t.setStackTrace(getStackTrace());
        return t;
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

    /** Connection attempts the host's retry policy made before giving up; 0 when the failure was not retried by it. */
    public int attempts() {
        return attempts;
    }

    /**
     * Whether retrying could help: not for auth, host key, missing secret; and not once the host's retry policy
     * has used its attempts ({@link #afterAttempts}).
     */
    public boolean retryable() {
        if (attempts > 0) {
            return false;
        }
        return switch (failureClass) {
            case CONNECTION_REFUSED, TIMEOUT, CONNECTION_LOST, CHANNEL_OPEN_FAILED, UNKNOWN -> true;
            default -> false;
        };
    }
}
