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
 * <p>A holder that has no message in any spool is stale (its run ended or was parked by a process that died before it
 * could release the host): the host is taken over, and the takeover is said in the waiting run's events. This is a
 * record of which run owns a host, read and written under this object's lock; which controller processes a message is
 * decided by the spool (file locks or the broker), not here.
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

    public HostHolders(WorkDirs dirs) {
        this.dirs = dirs;
    }

    /** Lets the run's message in when its host is free, already its own, or held by a stale run; else names the holder. */
    public synchronized Admission admit(String host, String runId) {
        Optional<String> holder = holder(host);
        if (holder.isEmpty()) {
            return take(host, runId, null);
        }
        if (holder.get().equals(runId)) {
            return Admission.admitted(null);
        }
        if (!hasMessage(holder.get())) {
            return take(host, runId, holder.get());
        }
        return Admission.waitFor(holder.get());
    }

    /** Gives the host up, when {@code runId} holds it (a run that does not hold its host releases nothing). */
    public synchronized void release(String host, String runId) {
        if (holder(host).filter(runId::equals).isPresent()) {
            AtomicFiles.delete(file(host));
        }
    }

    /** The run holding {@code host}, if any. */
    public synchronized Optional<String> holder(String host) {
        try {
            String id = Files.readString(file(host), StandardCharsets.UTF_8).strip();
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (NoSuchFileException free) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the holder of host " + host + " (" + file(host) + "): " + e.getMessage(), e);
        }
    }

    private Admission take(String host, String runId, String staleHolder) {
        Path f = file(host);
        try {
            Files.createDirectories(f.getParent());
            if (staleHolder != null) {
                AtomicFiles.delete(f);
            }
            // create-new: two processes sharing a work root never both take a free host
            Files.writeString(f, runId + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW,
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
        return dirs.root().resolve("hosts").resolve(host.replaceAll("[^A-Za-z0-9._-]", "_") + ".holder");
    }
}
