package org.sth.automation.engine;

import org.sth.automation.AutomationException;

/** A spool or inbox file that cannot be understood; it goes to recovery, other work continues. */
public class MalformedMessageException extends AutomationException {

    public MalformedMessageException(String source, String problem) {
        super(source + ": " + problem + " (fix: correct or remove the file; a spool message is rewritten by `resume --run-dir <run>`)");
    }
}
