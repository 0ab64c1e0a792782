package org.sth.automation.publish;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.sth.automation.AutomationException;

/**
 * One engine thread at a time in a git repository, across every engine process on the machine: an in-process lock
 * plus an OS lock on a lock file, which the kernel releases when its holder dies. A shared repository's lock file is
 * {@code <git dir>/sth-bench-automation.lock} (git ignores unknown files there), so every work root that publishes to
 * it takes the same one; a publish worktree's sits beside it ({@code publish-worktrees/<adapter>.lock}), outside its
 * work tree. Whatever a git operation of the engine left in a repository while its lock is held here can only be a
 * dead holder's, and is safe to recover ({@link GitDebris}). Several locks are taken in one order (by path), so two
 * operations never wait for each other.
 */
final class RepositoryLocks {

    static final String LOCK_FILE = "sth-bench-automation.lock";
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final Duration WAIT = Duration.ofMinutes(5);

    private RepositoryLocks() {
    }

    /** The locks held; a lock file that could not be created (a read-only repository) is held in this process only. */
    static final class Held implements AutoCloseable {
        private final List<ReentrantLock> locks = new ArrayList<>();
        private final List<FileChannel> channels = new ArrayList<>();
        private final Set<Path> exclusive = new TreeSet<>();

        /** Whether no other engine thread or process can be working under {@code lockFile} now (its OS lock is held here). */
        boolean exclusive(Path lockFile) {
            return lockFile != null && exclusive.contains(key(lockFile));
        }

        @Override
        public void close() {
            for (FileChannel c : channels) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing releases the OS lock; a failure here leaves nothing held
                }
            }
            for (int i = locks.size() - 1; i >= 0; i--) {
                locks.get(i).unlock();
            }
        }
    }

    /** The lock file of a shared repository. */
    static Path inGitDir(Path gitDir) {
        return gitDir == null ? null : gitDir.resolve(LOCK_FILE);
    }

    /** Takes every given lock file (nulls ignored), waiting at most five minutes for another holder. */
    static Held lock(Path... lockFiles) {
        TreeSet<Path> keys = new TreeSet<>();
        for (Path d : lockFiles) {
            if (d != null) {
                keys.add(key(d));
            }
        }
        Held held = new Held();
        Instant deadline = Instant.now().plus(WAIT);
        try {
            for (Path k : keys) {
                ReentrantLock l = IN_PROCESS.computeIfAbsent(k, x -> new ReentrantLock());
                if (!l.tryLock(remaining(deadline), TimeUnit.MILLISECONDS)) {
                    throw busy(k);
                }
                held.locks.add(l);
                FileChannel ch;
                try {
                    ch = FileChannel.open(k, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                } catch (IOException readOnly) {
                    continue;
                }
                held.channels.add(ch);
                while (true) {
                    FileLock fl = ch.tryLock();
                    if (fl != null) {
                        held.exclusive.add(k);
                        break;
                    }
                    if (remaining(deadline) == 0) {
                        throw busy(k);
                    }
                    Thread.sleep(100);
                }
            }
            return held;
        } catch (InterruptedException e) {
            held.close();
            Thread.currentThread().interrupt();
            throw new AutomationException("Interrupted while waiting for the lock of a git repository", e);
        } catch (IOException | RuntimeException e) {
            held.close();
            if (e instanceof AutomationException a) {
                throw a;
            }
            throw new AutomationException("Cannot lock a git repository: " + e.getMessage(), e);
        }
    }

    private static long remaining(Instant deadline) {
        return Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
    }

    private static AutomationException busy(Path k) {
        return new AutomationException("Another sth-bench-automation thread or process has held " + k + " for "
                + WAIT.toMinutes() + " min (the kernel frees it when its holder ends): wait for it, or check that " + k.getParent()
                + " is on a file system with working locks, then resume");
    }

    private static Path key(Path lockFile) {
        Path abs = lockFile.toAbsolutePath().normalize();
        try {
            return abs.getParent().toRealPath().resolve(abs.getFileName());
        } catch (IOException e) {
            return abs;
        }
    }

    static boolean isOwnLock(Path file) {
        return file.getFileName().toString().equals(LOCK_FILE);
    }
}
