package org.sth.automation.adapter.latency;

import org.sth.automation.adapter.spi.ResultFormatException;

/** Core-to-core latency output that does not have the shape the tool prints. */
public final class LatencyFormatException extends ResultFormatException {

    public LatencyFormatException(String message) {
        super(message);
    }
}
