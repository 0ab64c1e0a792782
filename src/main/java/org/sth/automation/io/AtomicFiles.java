package org.sth.automation.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Whole-file writes that a crash can never leave half done: temp file, fsync, rename, fsync dir. */
public final class AtomicFiles {

    private static final long PID = ProcessHandle.current().pid();
    /** {@code .<name>.tmp-<pid>-<hex>}; names without the pid were written by versions before it was added. */
    private static final Pattern TEMP = Pattern.compile("\\..+\\.tmp-(?:(\\d+)-)?[0-9a-f]+");
    /** A write takes milliseconds: a temp file this old is left over even if its writer's pid is in use again. */
    private static final Duration ABANDONED = Duration.ofSeconds(60);

    private AtomicFiles() {
    }

    /** Whether {@code file} is the temp file of an atomic write (finished, in progress or interrupted). */
    public static boolean isTemp(Path file) {
        return TEMP.matcher(file.getFileName().toString()).matches();
    }

    /**
     * Whether {@code file} is what an interrupted atomic write left behind: a temp file whose writer is not this process
     * and no longer runs on this machine, or that is older than a minute. A write in progress is never debris.
     */
    public static boolean isDebris(Path file) {
        Matcher m = TEMP.matcher(file.getFileName().toString());
        if (!m.matches()) {
            return false;
        }
        Long pid = m.group(1) == null ? null : Long.valueOf(m.group(1));
        if (pid != null && pid == PID) {
            return false;
        }
        if (pid != null && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return true;
        }
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            return modified.toInstant().isBefore(Instant.now().minus(ABANDONED));
        } catch (IOException gone) {
            return false;
        }
    }

    public static void write(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path target, byte[] bytes) {
        write(target, bytes, false);
    }

    /**
     * {@link #write(Path, String)} for a folder whose reader tells a file renamed into place from one written in place by
     * its times (the inbox: ctime later than mtime). The content's time is set a second back before the rename: a rename
     * in the same clock tick as the write (file times are as coarse as the kernel's tick) would leave both times equal,
     * and the request would wait the settle of one written in place.
     */
    public static void writeRenamedIntoPlace(Path target, String text) {
        writeRenamedIntoPlace(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #writeRenamedIntoPlace(Path, String)} of bytes. */
    public static void writeRenamedIntoPlace(Path target, byte[] bytes) {
        write(target, bytes, true);
    }

    private static void write(Path target, byte[] bytes, boolean backdated) {
        Path dir = target.toAbsolutePath().getParent();
        // the temp name starts with a dot so spool consumers (include=*.json) never see it
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp-" + PID + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        boolean renamed = false;
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (backdated) {
                Files.setLastModifiedTime(tmp, FileTime.from(Instant.now().minusSeconds(1)));
            }
            FaultPoints.reach("atomic-write", target.getFileName().toString());
            // the rename is the write: under a fenced directory it happens only while this process still owns it
            WriteFence.write(target, () -> rename(tmp, target));
            renamed = true;
            fsyncDirectory(dir);
        } catch (IOException | RuntimeException e) {
            if (!renamed) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one worth reporting
                }
            }
            if (e instanceof IOException io) {
                throw StorageException.of("write " + target, target, io);
            }
            throw (RuntimeException) e;
        }
    }

    private static void rename(Path tmp, Path target) {
        try {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw StorageException.of("write " + target, target, e);
        }
    }

    /** Moves a file atomically (same filesystem), syncing the target directory. */
    public static void move(Path source, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory(target.getParent());
        } catch (IOException e) {
            throw StorageException.of("move " + source + " to " + target, target, e);
        }
    }

    /** Deletes a file if present, syncing its directory so the deletion survives a crash. */
    public static void delete(Path target) {
        try {
            if (Files.deleteIfExists(target)) {
                fsyncDirectory(target.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw StorageException.of("delete " + target, target, e);
        }
    }

    static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some filesystems refuse directory fsync; the rename itself is still atomic
        }
    }
}
