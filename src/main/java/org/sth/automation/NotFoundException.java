package org.sth.automation;

/**
 * An argument names something that is not there (a run directory, a run id, a parked message); exit code 2 like every
 * usage error, with its own error kind ({@code not_found}) for agents.
 */
public class NotFoundException extends UsageException {

    public NotFoundException(String message) {
        super(message);
    }
}
