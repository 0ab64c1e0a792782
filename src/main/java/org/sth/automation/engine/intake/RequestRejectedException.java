package org.sth.automation.engine.intake;

import org.sth.automation.AutomationException;
import org.sth.automation.config.ConfigException;

/** A run request that cannot be accepted; the message names the file, the key and the fix. */
public class RequestRejectedException extends AutomationException {

    public RequestRejectedException(String file, String key, String problem, String fix) {
        super(file + ": " + key + ": " + problem + " (fix: " + fix + ")");
    }

    /**
     * A rejection caused by another error that already names its own fix (an unknown host or benchmark): that
     * problem and fix are used, so the message says "(fix: ...)" once; {@code fallbackFix} when it names none.
     */
    public static RequestRejectedException because(String file, String key, RuntimeException cause, String fallbackFix) {
        if (cause instanceof ConfigException c && c.problem() != null) {
            return new RequestRejectedException(file, key, c.problem(), c.fix() == null || c.fix().isBlank() ? fallbackFix : c.fix());
        }
        String message = String.valueOf(cause.getMessage());
        int at = message.lastIndexOf(" (fix: ");
        if (at > 0 && message.endsWith(")")) {
            return new RequestRejectedException(file, key, message.substring(0, at), message.substring(at + 7, message.length() - 1));
        }
        return new RequestRejectedException(file, key, message, fallbackFix);
    }
}
