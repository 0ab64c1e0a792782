package org.sth.automation;

/** Root of every failure the engine reports; messages never carry secrets. */
public class AutomationException extends RuntimeException {

    public AutomationException(String message) {
        super(message);
    }

    public AutomationException(String message, Throwable cause) {
        super(message, cause);
    }
}
