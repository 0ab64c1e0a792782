package org.sth.automation.engine.intake;

import org.sth.automation.AutomationException;

/** A run request that cannot be accepted; the message names the file, the key and the fix. */
public class RequestRejectedException extends AutomationException {

    public RequestRejectedException(String file, String key, String problem, String fix) {
        super(file + ": " + key + ": " + problem + " (fix: " + fix + ")");
    }
}
