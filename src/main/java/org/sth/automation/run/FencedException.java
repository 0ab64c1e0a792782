package org.sth.automation.run;

import java.nio.file.Path;
import org.sth.automation.AutomationException;

/**
 * This controller held a run and another controller has taken it since (its holder epoch is higher): nothing more is
 * written to the run directory and none of its commands is started from here. The phase routes neither retry nor park
 * such a message: it belongs to the successor (docs/scaling.md, "Fencing").
 */
public final class FencedException extends AutomationException {

    private static final long serialVersionUID = 1L;

    FencedException(Path runDir, long mine, RunFence.Holder now) {
        super("run " + runDir + " was taken over by controller " + now.controller() + " (holder epoch " + now.epoch() + ", phase "
                + now.phase() + ") after this controller took it (epoch " + mine + "): this controller writes nothing more to it"
                + " and starts none of its commands");
    }
}
