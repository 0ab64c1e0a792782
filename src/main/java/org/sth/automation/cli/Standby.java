package org.sth.automation.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.sth.automation.phase.cluster.Leadership;

/**
 * What a controller that does not lead its work root at once says: it cannot tell a live leader from one that died and
 * whose heartbeat is still timing out, so it says both, and says again when it takes the lead.
 */
final class Standby {

    /** How long a controller waits for the lead before it says it follows. */
    static final Duration FIRST_WAIT = Duration.ofSeconds(3);
    /** How long it keeps watching for the lead afterwards (a dead leader's heartbeat times out well within it). */
    static final Duration TAKE_OVER_WATCH = Duration.ofSeconds(90);

    private Standby() {
    }

    /** Waits briefly for the lead; when it is not there, says why it may not be and watches for the take-over. */
    static void await(Leadership leadership, Path root, PrintWriter out) {
        if (leadership.awaitLeadership(FIRST_WAIT)) {
            return;
        }
        out.println("Not leading " + root + " yet: another controller leads it, or the last leader stopped and its heartbeat is"
                + " still timing out (then this controller takes over within a few heartbeat intervals). Following the runs here"
                + " meanwhile; the leader runs them.");
        out.flush();
        Thread watch = new Thread(() -> {
            if (leadership.awaitLeadership(TAKE_OVER_WATCH)) {
                out.println("This controller now leads " + root + " (the earlier leader's heartbeat timed out): it runs the runs.");
                out.flush();
            }
        }, "sth-standby-watch");
        watch.setDaemon(true);
        watch.start();
    }
}
