package org.sth.automation.adapter.latency;

import org.sth.automation.AutomationException;

/** Core-to-core latency output that does not have the shape the tool prints. */
public final class LatencyFormatException extends AutomationException {

    public LatencyFormatException(String message) {
        super(message);
    }
}
