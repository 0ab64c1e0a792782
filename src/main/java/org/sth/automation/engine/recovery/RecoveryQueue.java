package org.sth.automation.engine.recovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.sth.automation.AutomationException;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.Json;
import org.sth.automation.run.RunLayout;
import org.sth.automation.run.StatusDerivation;
import org.sth.automation.run.status.Phase;

/**
 * {@code recovery/<phase>/}: messages that failed after their retries, each beside an
 * {@code .error.json} sidecar; {@link #replay} moves one back into its spool.
 */
public final class RecoveryQueue {

    private final WorkDirs dirs;

    public RecoveryQueue(WorkDirs dirs) {
        this.dirs = dirs;
    }

    /** Context of a failure for the sidecar; any field may be null. */
    public record Failure(String runId, String host, String adapter, String step, int attempt, int redeliveries) {
    }

    /** Stores the original message and its error sidecar; returns the stored message path. */
    public Path store(Phase phase, String fileName, byte[] original, Throwable error, Failure failure) {
        Path target = dirs.recovery(phase).resolve(fileName);
        AtomicFiles.write(target, original);
        ObjectNode e = Json.object();
        e.put("schema_version", RunLayout.SCHEMA_VERSION);
        e.put("phase", phase.id());
        e.put("message_file", target.toString());
        e.put("run_id", failure.runId());
        e.put("host", failure.host());
        e.put("adapter", failure.adapter());
        e.put("step", failure.step());
        e.put("attempt", failure.attempt());
        e.put("redeliveries", failure.redeliveries());
        Path sidecar = sidecar(target);
        String now = Instant.now().toString();
        e.put("first_failed_at", Files.exists(sidecar) ? Json.readObject(sidecar).path("first_failed_at").asText(now) : now);
        e.put("failed_at", now);
        e.put("error", error == null ? "unknown" : String.valueOf(error.getMessage()));
        ArrayNode chain = e.putArray("exception_chain");
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            chain.addObject().put("type", t.getClass().getName()).put("message", String.valueOf(t.getMessage()));
        }
        e.put("replay_command", replayCommand(target));
        Json.writeAtomically(sidecar, e);
        return target;
    }

    /** Prefix of a spool message held in place after a storage failure: hidden from every consumer until resume. */
    public static final String HELD = ".held.";

    /**
     * Keeps a spool message where it is, hidden from the consumers (renamed to {@code .held.<name>} in its folder: a
     * rename needs no free space), when it cannot be parked in recovery because the storage refuses writes. Returns
     * the held path, or null when the file was not there.
     */
    public static Path hold(Path spoolFile) {
        if (spoolFile == null || !Files.exists(spoolFile)) {
            return null;
        }
        Path held = spoolFile.resolveSibling(HELD + spoolFile.getFileName());
        try {
            Files.move(spoolFile, held, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return held;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot hold " + spoolFile + " in place: " + e.getMessage(), e);
        }
    }

    /** A message of {@code file} held in {@code phase}'s spool, moved back to be consumed again ({@code resume}); null when none. */
    public static Path release(WorkDirs dirs, Phase phase, String file) {
        Path held = dirs.spool(phase).resolve(HELD + file);
        if (!Files.exists(held)) {
            return null;
        }
        Path back = dirs.spool(phase).resolve(file);
        AtomicFiles.move(held, back);
        return back;
    }

    public static String replayCommand(Path recoveryMessage) {
        return StatusDerivation.LAUNCHER + " replay " + recoveryMessage.toAbsolutePath();
    }

    public static Path sidecar(Path message) {
        return message.resolveSibling(message.getFileName().toString().replaceAll("\\.json$", "") + ".error.json");
    }

    /** Moves a recovery message back into its phase's spool and archives its sidecar; returns the spool path. */
    public static Path replay(Path recoveryMessage) {
        Path msg = recoveryMessage.toAbsolutePath().normalize();
        if (!Files.isRegularFile(msg)) {
            throw new AutomationException(msg + ": no such recovery message (fix: list recovery/<phase>/ and pass a .json that is not an .error.json)");
        }
        if (msg.getFileName().toString().endsWith(".error.json")) {
            throw new AutomationException(msg + ": this is an error sidecar; replay the message beside it: "
                    + msg.resolveSibling(msg.getFileName().toString().replace(".error.json", ".json")));
        }
        Phase phase = Phase.of(msg.getParent().getFileName().toString());
        WorkDirs dirs = new WorkDirs(msg.getParent().getParent().getParent());
        Path spool = dirs.spool(phase).resolve(msg.getFileName());
        Path side = sidecar(msg);
        try {
            if (Files.exists(side)) {
                Path archive = dirs.root().resolve("recovery/.replayed").resolve(phase.id())
                        .resolve(side.getFileName() + "." + Instant.now().toEpochMilli());
                Files.createDirectories(archive.getParent());
                Files.move(side, archive);
            }
            // the message is written to the spool atomically before the recovery copy goes, so it is never nowhere
            AtomicFiles.write(spool, Files.readAllBytes(msg));
            Files.delete(msg);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot replay " + msg + ": " + e.getMessage(), e);
        }
        return spool;
    }
}
