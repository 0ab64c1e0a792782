package org.sth.automation.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.run.status.Phase;

/**
 * One run per host at a time. A run takes its host when its first message is let into a phase and holds it until it
 * finishes, is parked in recovery or is stopped by the operator; a message of any other run for that host waits in
 * its spool (that run is queued behind the holder) and no thread waits for it. The holder is recorded in
 * {@code work/hosts/<host>.holder} (the run id), so a restarted controller keeps the order it had: the run that held
 * a host before a crash gets it back, not a newer request.
 *
 * <p>A stale holder (its run ended or was parked by a process that died before it could release the host) is taken
 * over, and the takeover is said in the waiting run's events. With file spools a holder is stale when it has no message
 * in any spool; with the broker, whose queues cannot be listed cheaply, when its run is finished or parked in recovery (an
 * interrupted run's message is still in the broker, which delivers it again) or its run directory is gone. This is a record of which run owns a host, read and written under this
 * object's lock and, across the controllers sharing the work root, under an OS file lock on
 * {@code work/hosts/<host>.lock}; which controller processes a message is decided by the spool (file locks or the
 * broker), not here.
 */
public final class HostHolders {

    /** What a run's message may do now. */
    public record Admission(boolean admitted, String holder, String takenOverFrom) {

        static Admission admitted(String takenOverFrom) {
            return new Admission(true, null, takenOverFrom);
        }

        static Admission waitFor(String holder) {
            return new Admission(false, holder, null);
        }
    }

    private final WorkDirs dirs;
    private final boolean messagesInBroker;

    /** Holders of a work root whose messages are in its file spools. */
    public HostHolders(WorkDirs dirs) {
        this(dirs, false);
    }

    /** @param messagesInBroker whether the phase messages live in a broker (broker mode) rather than the file spools */
    public HostHolders(WorkDirs dirs, boolean messagesInBroker) {
        this.dirs = dirs;
        this.messagesInBroker = messagesInBroker;
    }

    /** Lets the run's message in when its host is free, already its own, or held by a stale run; else names the holder. */
    public synchronized Admission admit(String host, String runId, Path runDir) {
        return underHostLock(host, () -> {
            Optional<String> holder = holder(host);
            if (holder.isEmpty()) {
                return take(host, runId, runDir, null);
            }
            if (holder.get().equals(runId)) {
                return Admission.admitted(null);
            }
            if (isStale(host, holder.get())) {
                return take(host, runId, runDir, holder.get());
            }
            return Admission.waitFor(holder.get());
        });
    }

    /**
     * Admits the run's message as {@link #admit(String, String, Path)} does and records what that means in the run:
     * {@code run_waiting} behind the holder, or {@code host_taken_over} from a stale holder.
     */
    public Admission admit(PhaseMessage m, org.sth.automation.run.RunStore store) {
        Admission a = admit(m.host(), m.runId(), m.runDir());
        if (messagesInBroker) {
            markWaiting(m, !a.admitted());
        }
        if (!a.admitted()) {
            store.waiting(a.holder(), "host " + m.host() + " is held by run " + a.holder());
        } else if (a.takenOverFrom() != null) {
            store.appendEvent("host_taken_over", org.sth.automation.io.Json.object().put("host", m.host())
                    .put("from_run", a.takenOverFrom()).put("reason", messagesInBroker ? "the holder's run is finished, parked in recovery or gone"
                            : "the holder has no message in any spool"));
        }
        return a;
    }

    /**
     * Broker mode: the message of a run queued behind its host's holder is in the broker, queued again after a delay
     * each time it comes back; {@code hosts/<host>.waiting/<run>.json} (the message) says the run waits, until it is let
     * in, so the leader's watchdog ({@link StuckRuns}) can queue it again if it stops coming back.
     */
    private void markWaiting(PhaseMessage m, boolean waiting) {
        Path marker = waitingDir(m.host()).resolve(m.fileName());
        if (!waiting) {
            if (Files.exists(marker)) {
                AtomicFiles.delete(marker);
            }
            return;
        }
        try {
            // its time says when the message last came back
            Files.setLastModifiedTime(marker, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
        } catch (IOException none) {
            AtomicFiles.write(marker, m.toJsonText());
        }
    }

    /** A run queued behind its host's holder in broker mode: the message it waits with, and when that message last came back. */
    public record Waiting(PhaseMessage message, java.time.Instant lastBack) {
    }

    /** The runs queued behind a holder in broker mode (their waiting markers). */
    public java.util.List<Waiting> waiting() {
        java.util.List<Waiting> out = new java.util.ArrayList<>();
        Path hosts = dirs.root().resolve("hosts");
        if (!Files.isDirectory(hosts)) {
            return out;
        }
        try (java.util.stream.Stream<Path> markers = Files.find(hosts, 2, (p, a) -> a.isRegularFile() && p.getParent().getFileName().toString()
                .endsWith(".waiting") && p.getFileName().toString().endsWith(".json") && !AtomicFiles.isTemp(p))) {
            markers.sorted().forEach(p -> {
                try {
                    java.time.Instant back = Files.getLastModifiedTime(p).toInstant();
                    out.add(new Waiting(PhaseMessage.parse(Files.readString(p, StandardCharsets.UTF_8), p.toString()), back));
                } catch (IOException | RuntimeException unreadable) {
                    // being written, or deleted meanwhile: seen at the next look
                }
            });
        } catch (IOException | UncheckedIOException gone) {
            // a marker deleted while listed: seen at the next look
        }
        return out;
    }

    /** The run's message was just queued again: its waiting marker says so, as a deferral would. */
    public void markWaiting(PhaseMessage m) {
        markWaiting(m, true);
    }

    /** The run no longer waits (it finished, was parked, or was let in meanwhile). */
    public void notWaiting(PhaseMessage m) {
        markWaiting(m, false);
    }

    private Path waitingDir(String host) {
        return record(host, ".waiting");
    }

    /** Gives the host up, when {@code runId} holds it (a run that does not hold its host releases nothing). */
    public synchronized void release(String host, String runId) {
        underHostLock(host, () -> {
            if (holder(host).filter(runId::equals).isPresent()) {
                AtomicFiles.delete(file(host));
            }
            return null;
        });
    }

    /** Runs {@code action} holding the OS lock of the host's record: controllers sharing the work root take turns. */
    private <T> T underHostLock(String host, java.util.function.Supplier<T> action) {
        Path lock = record(host, ".lock");
        try {
            Files.createDirectories(lock.getParent());
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lock, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE); java.nio.channels.FileLock held = ch.lock()) {
                return action.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock the holder record of host " + host + " (" + lock + "): " + e.getMessage(), e);
        }
    }

    /** The run holding {@code host}, if any. */
    public synchronized Optional<String> holder(String host) {
        try {
            String id = Files.readString(file(host), StandardCharsets.UTF_8).strip().split("\n", 2)[0].strip();
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (NoSuchFileException free) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the holder of host " + host + " (" + file(host) + "): " + e.getMessage(), e);
        }
    }

    /** The run directory recorded with the holder (second line), if any. */
    private Optional<Path> holderRunDir(String host) {
        try {
            String[] lines = Files.readString(file(host), StandardCharsets.UTF_8).strip().split("\n");
            return lines.length < 2 || lines[1].isBlank() ? Optional.empty() : Optional.of(Path.of(lines[1].strip()));
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    private boolean isStale(String host, String holder) {
        if (!messagesInBroker) {
            return !hasMessage(holder);
        }
        Optional<Path> runDir = holderRunDir(host);
        if (runDir.isEmpty()) {
            // recorded by a file-mode controller: its message, if any, is in a spool
            return !hasMessage(holder);
        }
        Path status = runDir.get().resolve("status.json");
        if (!Files.exists(status)) {
            return true;
        }
        try {
            // an interrupted run is not stale here: its controller stopped or handed the message back, and the broker
            // delivers it again (the next delivery records the interruption before it resumes, so another run that
            // took the host at that moment would run beside it)
            org.sth.automation.run.status.RunState state = org.sth.automation.run.status.RunState.of(
                    org.sth.automation.io.Json.readObject(status).path("state").asText());
            return state.isFinished() || state == org.sth.automation.run.status.RunState.RECOVERY;
        } catch (RuntimeException unreadable) {
            // a status being rewritten reads again at the next delivery
            return false;
        }
    }

    private Admission take(String host, String runId, Path runDir, String staleHolder) {
        Path f = file(host);
        try {
            Files.createDirectories(f.getParent());
            if (staleHolder != null) {
                AtomicFiles.delete(f);
            }
            // create-new: two processes sharing a work root never both take a free host
            Files.writeString(f, runId + "\n" + (runDir == null ? "" : runDir.toAbsolutePath() + "\n"), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE);
            return Admission.admitted(staleHolder);
        } catch (FileAlreadyExistsException raced) {
            return holder(host).map(h -> h.equals(runId) ? Admission.admitted(staleHolder) : Admission.waitFor(h))
                    .orElseGet(() -> Admission.waitFor("(being released)"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record run " + runId + " as the holder of host " + host + " in " + f + ": "
                    + e.getMessage(), e);
        }
    }

    /** Whether a run still has its message in one of the phase spools (being processed or waiting). */
    private boolean hasMessage(String runId) {
        for (Phase p : Phase.values()) {
            if (Files.exists(dirs.spool(p).resolve(runId + ".json"))) {
                return true;
            }
        }
        return false;
    }

    private Path file(String host) {
        return record(host, ".holder");
    }

    private Path record(String host, String suffix) {
        return dirs.root().resolve("hosts").resolve(host.replaceAll("[^A-Za-z0-9._-]", "_") + suffix);
    }
}
