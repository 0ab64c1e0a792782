package org.sth.automation.io;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/** Waits for a controller-side child process under a bound, and kills its whole tree when the bound passes. */
public final class BoundedProcess {

    private BoundedProcess() {
    }

    /** The exit code, or empty when {@code limit} passed and the process and its descendants were killed. */
    public static OptionalInt waitFor(Process p, Duration limit) throws InterruptedException {
        if (p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            return OptionalInt.of(p.exitValue());
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return OptionalInt.empty();
    }
}
