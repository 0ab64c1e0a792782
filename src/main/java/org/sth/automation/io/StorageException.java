package org.sth.automation.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A write that failed because of the storage itself (no space, read-only, the directory is gone), not because of
 * what was written: retrying cannot help until an operator frees space or restores the directory, so the engine
 * stops the run as {@code interrupted} with {@link Kind#id()} as its reason and keeps the message it was handling.
 */
public final class StorageException extends UncheckedIOException {

    /** Why the storage refused the write. */
    public enum Kind {
        DISK_FULL("disk_full", "free disk space"),
        READ_ONLY("read_only", "make the file system writable again"),
        VANISHED("run_dir_vanished", "restore the run directory (or start a new run)");

        private final String id;
        private final String fix;

        Kind(String id, String fix) {
            this.id = id;
            this.fix = fix;
        }

        /** The reason recorded in {@code run_interrupted} events. */
        public String id() {
            return id;
        }
    }

    private final Kind kind;
    private final Path path;

    public StorageException(Kind kind, Path path, String problem, IOException cause) {
        super(problem + " (" + kind.id + "; fix: " + kind.fix + ", then run `resume --run-dir <run>`)",
                cause == null ? new IOException(problem) : cause);
        this.kind = kind;
        this.path = path;
    }

    public Kind kind() {
        return kind;
    }

    public Path path() {
        return path;
    }

    /** The storage kind of an I/O failure, when it is one (ENOSPC, EDQUOT, EROFS, permission denied). */
    public static Optional<Kind> classify(IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("No space left") || m.contains("ENOSPC") || m.contains("Disk quota exceeded")) {
            return Optional.of(Kind.DISK_FULL);
        }
        if (m.contains("Read-only file system") || e instanceof AccessDeniedException) {
            return Optional.of(Kind.READ_ONLY);
        }
        return Optional.empty();
    }

    /** {@code Cannot <what>: <error>} as a StorageException when the storage refused, else as a plain UncheckedIOException. */
    public static UncheckedIOException of(String what, Path path, IOException e) {
        String problem = "Cannot " + what + ": " + e.getMessage();
        return classify(e).<UncheckedIOException>map(k -> new StorageException(k, path, problem, e))
                .orElseGet(() -> new UncheckedIOException(problem, e));
    }
}
