package org.sth.automation.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.sth.automation.io.Json;
import org.sth.automation.io.WriteFence;
import org.sth.automation.run.status.Phase;

/**
 * The holder epoch of a run directory ({@code state/holder.json}): which controller runs the run's current phase. A
 * controller that lets a run's message into a phase takes the run: the epoch goes up by one and this process writes the
 * run directory, and starts the run's remote commands, only while the epoch on disk is still its own. So a controller
 * that lost its run (cut from the broker past the connection TTL, paused with SIGSTOP, a leader replaced on a network
 * file system) and comes back never writes a ledger line, an event or a status of a run its successor runs, and never
 * starts one of its commands: its next write or command fails with {@link FencedException}.
 *
 * <p>The check and the write are one step: both hold the run's OS lock ({@code state/holder.lock}) that a successor takes
 * to raise the epoch. A run directory this process does not hold (the verbs, a controller that only defers a message) is
 * written as always.
 */
public final class RunFence {

    /** Who holds the run: the epoch, the controller, the phase and the message it took, and whether it still runs it. */
    public record Holder(long epoch, String controller, String phase, String message, int delivery, boolean running) {

        static final Holder NONE = new Holder(0, null, null, null, 0, false);

        ObjectNode toJson() {
            return Json.object().put("schema_version", RunLayout.SCHEMA_VERSION).put("epoch", epoch).put("controller", controller)
                    .put("phase", phase).put("message", message).put("delivery", delivery).put("running", running)
                    .put("at", Instant.now().toString());
        }
    }

    /** What a message may do with the run: take it (the epoch it holds now), or leave it to the holder running its phase. */
    public record Claim(boolean taken, Holder holder) {
    }

    /** This process's epoch per run directory it holds. */
    private static final Map<Path, Long> HELD = new ConcurrentHashMap<>();
    /**
     * The epoch each thread acts under, per run directory: the exchange that took it (set where its phase is entered) and
     * the tasks it starts ({@link #carrying}). One process can hold two exchanges of one run (the broker delivered the
     * message again to this same controller after a failover): each writes, and is fenced, under its own epoch.
     */
    private static final ThreadLocal<Map<Path, Long>> ACTING = ThreadLocal.withInitial(java.util.HashMap::new);
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    /** How often a wait for a run's lock held by another process is reported (a test shortens it). */
    static volatile Duration waitReportEvery = Duration.ofSeconds(10);
    private static final java.util.concurrent.ScheduledExecutorService WAIT_REPORTER = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sth-run-lock-wait");
                t.setDaemon(true);
                return t;
            });
    /** Where those reports go (a test listens here). */
    static java.util.function.Consumer<String> waitReport = org.slf4j.LoggerFactory.getLogger("run-lock")::warn;

    private RunFence() {
    }

    /** The holder recorded in the run directory (epoch 0, nobody, when none ever took it). */
    public static Holder read(Path runDir) {
        Path file = file(runDir);
        try {
            ObjectNode n = Json.readObject(file);
            return new Holder(n.path("epoch").asLong(), n.path("controller").asText(null), n.path("phase").asText(null),
                    n.path("message").asText(null), n.path("delivery").asInt(0), n.path("running").asBoolean());
        } catch (RuntimeException e) {
            if (!Files.exists(file)) {
                return Holder.NONE;
            }
            throw e;
        }
    }

    /**
     * Takes the run for {@code phase}: the epoch goes up and this process holds it. With {@code message} (a broker
     * delivery's id), a run whose holder is still running that phase from another message is left to it: a second copy
     * of the message (a watchdog's, or a duplicate send) never runs one phase of a run twice at once; the holder's own
     * message delivered again (its controller died or lost the broker) takes it over, whatever its delivery count: a
     * backup broker that took over counts deliveries anew, so a lower count is no proof of a stale delivery (a redelivery
     * dropped as stale would be acknowledged, and the run would never finish).
     */
    public static Claim take(Path runDir, String controller, Phase phase, String message) {
        return take(runDir, controller, phase, message, 0);
    }

    /** {@link #take(Path, String, Phase, String)} for a broker's {@code delivery} of the message, recorded for diagnosis (0: unknown). */
    public static Claim take(Path runDir, String controller, Phase phase, String message, int delivery) {
        Path dir = key(runDir);
        return locked(dir, () -> {
            Holder h = read(dir);
            boolean samePhaseRunning = message != null && h.running() && phase.id().equals(h.phase()) && h.message() != null;
            if (samePhaseRunning && !message.equals(h.message())) {
                return new Claim(false, h);
            }
            // whatever this process held of the run before is over: the write below is the new holder's
            release(dir, false);
            // the takeover's own record is written as no holder's (this thread's earlier epoch, if any, is over)
            ACTING.get().remove(dir);
            Holder taken = new Holder(h.epoch() + 1, controller, phase.id(), message, delivery, true);
            Json.writeAtomically(file(dir), taken.toJson());
            HELD.put(dir, taken.epoch());
            ACTING.get().put(dir, taken.epoch());
            WriteFence.guard(dir, write -> guarded(dir, write));
            return new Claim(true, taken);
        });
    }

    /**
     * The phase is over for this process (done, failed, parked or handed back): the holder record says the run is not
     * running any more, when this process still holds it. The write guard stays installed: with nothing held it lets
     * every write through.
     */
    public static void release(Path runDir) {
        Path dir = key(runDir);
        ACTING.get().remove(dir);
        if (HELD.containsKey(dir)) {
            locked(dir, () -> {
                release(dir, true);
                return null;
            });
        }
    }

    private static void release(Path dir, boolean record) {
        Long mine = HELD.remove(dir);
        // the guard stays: a thread still acting under an earlier epoch of this process is fenced by it, others write freely
        if (record && mine != null) {
            Holder h = read(dir);
            if (h.epoch() == mine && h.running()) {
                Json.writeAtomically(file(dir), new Holder(h.epoch(), h.controller(), h.phase(), h.message(), h.delivery(), false).toJson());
            }
        }
    }

    /**
     * The epoch this thread acts under for the run (its exchange's), else the one this process holds it with, if any:
     * every ledger line it writes carries it.
     */
    public static java.util.OptionalLong epoch(Path runDir) {
        Long mine = mine(key(runDir));
        return mine == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(mine);
    }

    /** This thread acts for the run under no epoch of its own (a new message of the run comes to it: until it takes it). */
    public static void idle(Path runDir) {
        ACTING.get().remove(key(runDir));
    }

    /** From now on this thread acts for the run under {@code epoch} (the exchange that took it runs its phase here). */
    public static void acting(Path runDir, long epoch) {
        ACTING.get().put(key(runDir), epoch);
    }

    /** {@code task} run under the epochs this thread acts under now (a heartbeat or a sampler started for its step). */
    public static Runnable carrying(Runnable task) {
        Map<Path, Long> epochs = Map.copyOf(ACTING.get());
        return () -> {
            Map<Path, Long> mine = ACTING.get();
            Map<Path, Long> before = new java.util.HashMap<>(mine);
            mine.putAll(epochs);
            try {
                task.run();
            } finally {
                mine.clear();
                mine.putAll(before);
            }
        };
    }

    private static Long mine(Path dir) {
        Long acting = ACTING.get().get(dir);
        return acting != null ? acting : HELD.get(dir);
    }

    /**
     * Whether this process may still act for the run: it holds the current epoch, or holds nothing of it, or the holder
     * record is gone with the run directory (nobody took the run over: its storage failed, and that is reported as such).
     */
    public static boolean isCurrent(Path runDir) {
        Path dir = key(runDir);
        Long mine = mine(dir);
        return mine == null || isCurrent(dir, mine);
    }

    /** Throws {@link FencedException} when this process held the run and another controller took it since. */
    public static void check(Path runDir) {
        Path dir = key(runDir);
        Long mine = mine(dir);
        if (mine != null) {
            locked(dir, () -> {
                verify(dir, mine);
                return null;
            });
        }
    }

    /**
     * Whether the exchange that took the run with {@code epoch} still holds it: the record says that epoch (or is gone with
     * the run directory). Another exchange of this same process may hold a later epoch of the run (the broker delivered the
     * message again to this controller after a failover), and then the earlier one is fenced as well.
     */
    public static boolean isCurrent(Path runDir, long epoch) {
        long now = read(key(runDir)).epoch();
        return now == 0 || now == epoch;
    }

    /** {@link #release(Path)} when this process still holds the run with {@code epoch}; a later take of it is left alone. */
    public static void release(Path runDir, long epoch) {
        Path dir = key(runDir);
        ACTING.get().remove(dir, epoch);
        Long mine = HELD.get(dir);
        if (mine != null && mine == epoch) {
            locked(dir, () -> {
                if (Long.valueOf(epoch).equals(HELD.get(dir))) {
                    release(dir, true);
                }
                return null;
            });
        }
    }

    /** {@link #forget(Path)} when this process holds the run with {@code epoch}; a later take of it is left alone. */
    public static void forget(Path runDir, long epoch) {
        Path dir = key(runDir);
        ACTING.get().remove(dir, epoch);
        HELD.remove(dir, epoch);
    }

    /** This process gives up what it held of the run without writing anything (it was fenced). */
    public static void forget(Path runDir) {
        Path dir = key(runDir);
        HELD.remove(dir);
        ACTING.get().remove(dir);
    }

    private static void guarded(Path dir, Runnable write) {
        locked(dir, () -> {
            Long mine = mine(dir);
            if (mine != null) {
                verify(dir, mine);
            }
            write.run();
            return null;
        });
    }

    private static void verify(Path dir, long mine) {
        Holder h = read(dir);
        if (h.epoch() == 0) {
            // no holder record under a run this process holds: nobody took it over (a takeover writes a higher epoch), the
            // run directory was removed (or is being removed), and that is what the run stops for
            throw new org.sth.automation.io.StorageException(org.sth.automation.io.StorageException.Kind.VANISHED, dir,
                    "the run directory " + dir + " is gone (its holder record " + file(dir) + " with it)", null);
        }
        if (h.epoch() != mine) {
            throw new FencedException(dir, mine, h);
        }
    }

    /** Runs {@code action} holding the run's lock: this JVM's threads one at a time, and across processes the OS lock. */
    private static <T> T locked(Path dir, Supplier<T> action) {
        ReentrantLock local = LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
        local.lock();
        try {
            if (local.getHoldCount() > 1) {
                return action.get();
            }
            Path lockFile = dir.resolve("state/holder.lock");
            FileChannel ch;
            try {
                ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (NoSuchFileException gone) {
                // the run directory is gone: the write reports that itself (run_dir_vanished)
                return action.get();
            } catch (IOException e) {
                throw org.sth.automation.io.StorageException.of("lock " + lockFile, lockFile, e);
            }
            try (ch; FileLock held = lock(ch, dir)) {
                return action.get();
            } catch (IOException e) {
                throw org.sth.automation.io.StorageException.of("lock " + lockFile, lockFile, e);
            }
        } finally {
            local.unlock();
        }
    }

    /**
     * The run's OS lock: at once when free, else waiting as long as it takes (a successor must not write beside a holder
     * that is inside a write), and saying so every {@link #waitReportEvery} while it waits: the holder may be a controller
     * stopped inside a write (SIGSTOP, a suspended machine), which keeps the lock until it goes on or dies.
     */
    private static FileLock lock(FileChannel ch, Path dir) throws IOException {
        FileLock free = ch.tryLock();
        if (free != null) {
            return free;
        }
        Instant since = Instant.now();
        long every = waitReportEvery.toMillis();
        java.util.concurrent.ScheduledFuture<?> report = WAIT_REPORTER.scheduleAtFixedRate(() -> waitReport.accept(waiting(dir, since)),
                every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            return ch.lock();
        } finally {
            report.cancel(false);
        }
    }

    private static String waiting(Path dir, Instant since) {
        String holder;
        try {
            Holder h = read(dir);
            holder = h.controller() == null ? "names no controller" : "names " + h.controller() + " (epoch " + h.epoch() + ", phase " + h.phase()
                    + (h.running() ? ", running" : ", not running") + ")";
        } catch (RuntimeException unreadable) {
            holder = "is unreadable";
        }
        return "Waiting " + Duration.between(since, Instant.now()).toSeconds() + " s for the lock of run " + dir + " (" + dir.resolve("state/holder.lock")
                + "), held by another process; the run's holder record " + holder + ". A controller stopped inside a write (SIGSTOP,"
                + " a suspended machine) keeps it until it goes on or dies: this controller takes the run then (docs/scaling.md, \"Limits\")";
    }

    private static Path key(Path runDir) {
        return runDir.toAbsolutePath().normalize();
    }

    private static Path file(Path dir) {
        return dir.resolve("state/holder.json");
    }
}
