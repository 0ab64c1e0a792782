package org.sth.automation;

/** A request the CLI cannot act on as given (unknown benchmark, bad flag value); exit code 2. */
public class UsageException extends AutomationException {

    public UsageException(String message) {
        super(message);
    }
}
