package org.sth.automation.io;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Directories this process may write only while it is still their owner: every whole-file write ({@link AtomicFiles})
 * and every ledger append under a fenced directory goes through its guard, which checks ownership and makes the write,
 * as one step. The guard is installed by whoever decides ownership (a run directory's holder epoch, {@code run.RunFence});
 * a directory without a guard is written as always. One map lookup per parent folder of the file when nothing is fenced.
 */
public final class WriteFence {

    private static final Map<Path, Consumer<Runnable>> GUARDS = new ConcurrentHashMap<>();

    private WriteFence() {
    }

    /** From now on every write under {@code dir} runs through {@code guard} (which runs the write, or throws). */
    public static void guard(Path dir, Consumer<Runnable> guard) {
        GUARDS.put(dir.toAbsolutePath().normalize(), guard);
    }

    /** Writes under {@code dir} are no longer guarded by this process. */
    public static void unguard(Path dir) {
        GUARDS.remove(dir.toAbsolutePath().normalize());
    }

    /** Runs {@code write} of {@code file}: through the guard of the fenced directory it lies in, if any. */
    public static void write(Path file, Runnable write) {
        Consumer<Runnable> guard = GUARDS.isEmpty() ? null : guardOf(file);
        if (guard == null) {
            write.run();
        } else {
            guard.accept(write);
        }
    }

    private static Consumer<Runnable> guardOf(Path file) {
        for (Path p = file.toAbsolutePath().normalize().getParent(); p != null; p = p.getParent()) {
            Consumer<Runnable> g = GUARDS.get(p);
            if (g != null) {
                return g;
            }
        }
        return null;
    }
}
