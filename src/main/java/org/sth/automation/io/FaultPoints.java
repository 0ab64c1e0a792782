package org.sth.automation.io;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Named places where the fault suite stops a controller on purpose, so that a SIGKILL lands exactly there: with
 * {@code STH_FAULT_PAUSE=<point>} (or {@code <point>:<detail>}) in the controller's environment, the first thread that
 * reaches that point prints {@code fault point reached: <point>} on standard error and waits (at most ten minutes, then
 * carries on) for the test to kill the process. Unset, as in every real run, a point costs one null check.
 *
 * <p>The points: {@code atomic-write:<file name>} (a temp file written, not yet renamed), {@code publish.commit} (inside
 * JGit's index update, {@code index.lock} held), {@code publish.push} (the pack half sent to the remote).
 */
public final class FaultPoints {

    private static final String PAUSE = System.getenv("STH_FAULT_PAUSE");
    private static final Duration LONGEST = Duration.ofMinutes(10);
    private static final AtomicBoolean REACHED = new AtomicBoolean();

    private FaultPoints() {
    }

    /** Whether any fault point is armed in this process (lets callers skip building what only a point needs). */
    public static boolean armed() {
        return PAUSE != null && !REACHED.get();
    }

    /** Pauses here if this point (and, when the setting names one, this detail) is the armed one. */
    public static void reach(String point, String detail) {
        if (PAUSE == null || !(PAUSE.equals(point) || PAUSE.equals(point + ":" + detail)) || !REACHED.compareAndSet(false, true)) {
            return;
        }
        System.err.println("fault point reached: " + PAUSE);
        System.err.flush();
        try {
            Thread.sleep(LONGEST.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
