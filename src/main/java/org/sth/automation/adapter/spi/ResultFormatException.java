package org.sth.automation.adapter.spi;

import org.sth.automation.AutomationException;

/**
 * A benchmark's result that cannot be understood (unparsable, wrong shape, not text). Retrying cannot change bytes
 * already collected, so the engine records the step {@code failed} with this message as its reason instead of
 * handing the exception to the route's retries and the recovery queue.
 */
public class ResultFormatException extends AutomationException {

    public ResultFormatException(String message) {
        super(message);
    }

    public ResultFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
