package org.sth.automation.engine.recovery;

import org.sth.automation.io.DocumentSchema;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.sth.automation.AutomationException;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.Json;
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

    /**
     * Context of a failure for the sidecar; any field may be null. {@code redeliveries}: how often Camel redelivered
     * the message before giving up; {@code connectionAttempts}: tries the host's retry policy made (0 when the failure
     * was not a connection that policy retried).
     */
    public record Failure(String runId, String host, String adapter, String step, int attempt, int redeliveries,
            int connectionAttempts) {
    }

    /** One parked message: its id ({@code <phase>/<name>}), files and the sidecar's error summary. */
    public record Entry(String id, Phase phase, Path message, Path sidecar, JsonNode error) {

        /** The entry as the JSON the CLI ({@code replay --list --json}), JMX and HTTP give agents. */
        public ObjectNode toJson() {
            ObjectNode n = Json.object();
            n.put("id", id);
            n.put("phase", phase.id());
            n.put("message_file", message.toString());
            n.put("sidecar_file", Files.exists(sidecar) ? sidecar.toString() : null);
            for (String f : new String[] {"run_id", "host", "adapter", "step", "error", "first_failed_at", "failed_at", "replay_command"}) {
                n.put(f, error.path(f).asText(null));
            }
            for (String f : new String[] {"attempts", "redeliveries", "connection_attempts", "replays"}) {
                n.put(f, error.path(f).asInt());
            }
            return n;
        }
    }

    /** Stores the original message and its error sidecar; returns the stored message path. */
    public Path store(Phase phase, String fileName, byte[] original, Throwable error, Failure failure) {
        Path target = dirs.recovery(phase).resolve(fileName);
        AtomicFiles.write(target, original);
        ObjectNode e = Json.object();
        DocumentSchema.RECOVERY_ERROR.stamp(e);
        e.put("phase", phase.id());
        e.put("message_file", target.toString());
        e.put("run_id", failure.runId());
        e.put("host", failure.host());
        e.put("adapter", failure.adapter());
        e.put("step", failure.step());
        e.put("attempt", failure.attempt());
        // true attempts: the first delivery plus Camel's redeliveries; a connection failure's own tries are beside it
        e.put("attempts", 1 + failure.redeliveries());
        e.put("redeliveries", failure.redeliveries());
        e.put("connection_attempts", failure.connectionAttempts());
        Path sidecar = sidecar(target);
        String now = Instant.now().toString();
        // the first failure survives replays: a replay archives the sidecar under recovery/.replayed/<phase>/
        List<Path> earlier = replayedSidecars(phase, sidecar.getFileName().toString());
        String first = now;
        for (Path old : earlier) {
            first = earliest(first, readQuietly(old).path("first_failed_at").asText(null));
        }
        if (Files.exists(sidecar)) {
            first = earliest(first, readQuietly(sidecar).path("first_failed_at").asText(null));
        }
        e.put("first_failed_at", first);
        e.put("failed_at", now);
        e.put("replays", earlier.size());
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

    private List<Path> replayedSidecars(Phase phase, String sidecarName) {
        Path dir = archive(dirs, phase);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(sidecarName + ".")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static JsonNode readQuietly(Path json) {
        try {
            return Json.readObject(json);
        } catch (RuntimeException e) {
            return Json.object();
        }
    }

    private static String earliest(String a, String b) {
        if (b == null || b.isBlank()) {
            return a;
        }
        try {
            return Instant.parse(b).isBefore(Instant.parse(a)) ? b : a;
        } catch (java.time.format.DateTimeParseException e) {
            return a;
        }
    }

    private static Path archive(WorkDirs dirs, Phase phase) {
        return dirs.root().resolve("recovery/.replayed").resolve(phase.id());
    }

    /** Every parked message of every phase, oldest phase first, then by name. */
    public List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        for (Phase p : Phase.values()) {
            out.addAll(list(p));
        }
        return out;
    }

    /** The parked messages of one phase, by name. */
    public List<Entry> list(Phase phase) {
        Path dir = dirs.recovery(phase);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json") && !f.getFileName().toString().endsWith(".error.json")
                            && !f.getFileName().toString().startsWith("."))
                    .sorted().map(f -> entry(phase, f)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Entry entry(Phase phase, Path message) {
        Path side = sidecar(message);
        String name = message.getFileName().toString().replaceAll("\\.json$", "");
        return new Entry(phase.id() + "/" + name, phase, message.toAbsolutePath(), side.toAbsolutePath(),
                Files.exists(side) ? readQuietly(side) : Json.object());
    }

    /**
     * The parked message an operator or agent names: a path to it, its id {@code <phase>/<name>}, or a run id (its
     * message in whichever phase holds it). Only a message parked in this work root's {@code recovery/<phase>/} is ever
     * found: any other path is refused with the same answer whether or not a file is there, and nothing of it is read.
     * The error names what was looked for and how to list what there is.
     */
    public Path find(String ref) {
        List<Entry> parked = list();
        String id = ref.replaceAll("\\.json$", "");
        for (Entry e : parked) {
            if (e.id().equals(id) || e.message().getFileName().toString().equals(id + ".json")) {
                return e.message();
            }
        }
        if (ref.endsWith(".json")) {
            Path asPath = Path.of(ref).toAbsolutePath().normalize();
            for (Entry e : parked) {
                if (sameFile(e.message(), asPath)) {
                    return e.message();
                }
            }
        }
        throw new org.sth.automation.NotFoundException("no recovery message '" + ref + "' under " + dirs.root().resolve("recovery")
                + " (fix: list them with: " + org.sth.automation.io.Shell.command(StatusDerivation.LAUNCHER, "replay", "--list", "--work",
                dirs.root().toString()) + ")");
    }

    /** Whether {@code path} is the parked message {@code parked} (the same file, by whatever path it was named). */
    private static boolean sameFile(Path parked, Path path) {
        if (parked.normalize().equals(path)) {
            return true;
        }
        try {
            return Files.isSameFile(parked, path);
        } catch (IOException | SecurityException notThere) {
            return false;
        }
    }

    public static String replayCommand(Path recoveryMessage) {
        return org.sth.automation.io.Shell.command(StatusDerivation.LAUNCHER, "replay", recoveryMessage.toAbsolutePath().toString());
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
                Path archive = archive(dirs, phase).resolve(side.getFileName() + "." + Instant.now().toEpochMilli());
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
