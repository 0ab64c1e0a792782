package org.sth.automation.bundle;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Lists and extracts a tar.gz refusing anything that could write outside the extraction dir:
 * absolute names, {@code ..} segments, entries below a link, links whose target escapes, devices and fifos,
 * setuid/setgid files. The whole file is read as GNU tar reads it: every gzip member (a second member must not hide
 * entries from the check), and nothing may follow the tar's end-of-archive blocks.
 */
public final class SafeTarReader {

    /** The kind of a tar entry that passed the checks. */
    public enum Kind { FILE, DIRECTORY, SYMLINK, HARDLINK }

    /**
     * One accepted entry.
     *
     * @param name       normalized relative name (no leading {@code ./}, no trailing {@code /})
     * @param kind       file, directory, symlink or hardlink
     * @param size       bytes of a file, 0 otherwise
     * @param mode       permission bits
     * @param linkTarget target of a link as written in the archive, null otherwise
     * @param archiveName the name exactly as the archive holds it (what {@code tar} on the host is told to extract)
     */
    public record Entry(String name, Kind kind, long size, int mode, String linkTarget, String archiveName) {
    }

    /** Blocks of zeros that end a tar archive. */
    private static final int END_OF_ARCHIVE = 1024;

    private SafeTarReader() {
    }

    /** Every entry of the archive, in archive order, after the safety checks; throws {@link UnsafeArchiveException} on the first unsafe one. */
    public static List<Entry> list(Path archive) {
        return read(archive, null);
    }

    /** Extracts into {@code dest} (created if needed) after checking the whole archive first; returns the entries. */
    public static List<Entry> extract(Path archive, Path dest) {
        // Check everything before writing anything, so a refused archive leaves no partial tree.
        list(archive);
        try {
            Files.createDirectories(dest);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dest, e);
        }
        return read(archive, dest);
    }

    private static List<Entry> read(Path archive, Path dest) {
        List<Entry> out = new ArrayList<>();
        Set<String> links = new HashSet<>();
        Set<String> files = new HashSet<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive));
             GzipCompressorInputStream gz = new GzipCompressorInputStream(in, true);
             ZeroTracking data = new ZeroTracking(gz);
             TarArchiveInputStream tar = new TarArchiveInputStream(data)) {
            TarArchiveEntry e;
            long endStart = data.total;
            while ((e = tar.getNextEntry()) != null) {
                Entry entry = check(archive, e, links, files);
                if (entry != null) {
                    out.add(entry);
                    if (dest != null) {
                        write(archive, dest, entry, tar);
                    }
                }
                // read the entry's data through, so the position below is where the next header (or the end) starts
                tar.transferTo(OutputStream.nullOutputStream());
                endStart = data.total;
            }
            data.drain();
            if (data.lastNonZeroEnd > endStart) {
                throw new UnsafeArchiveException(archive, null, "has data after the tar's end-of-archive blocks "
                        + "(another archive appended, or garbage): refused, since tar on the host could read it");
            }
            if (data.total - endStart < END_OF_ARCHIVE) {
                throw new UnsafeArchiveException(archive, null, "has no end-of-archive blocks (truncated, or a gzip member "
                        + "cut short): refused");
            }
        } catch (IOException e) {
            throw new UnsafeArchiveException(archive, null, "is not a readable tar.gz (" + e.getMessage() + ")");
        }
        return out;
    }

    private static Entry check(Path archive, TarArchiveEntry e, Set<String> links, Set<String> files) {
        String raw = e.getName();
        if (e.isCharacterDevice() || e.isBlockDevice()) {
            throw new UnsafeArchiveException(archive, raw, "is a device node");
        }
        if (e.isFIFO()) {
            throw new UnsafeArchiveException(archive, raw, "is a fifo");
        }
        String name = relativeName(archive, raw);
        if (name.isEmpty()) {
            return null;
        }
        for (String l : links) {
            if (name.startsWith(l + "/")) {
                throw new UnsafeArchiveException(archive, raw, "lies below the link '" + l + "' (writing through a link)");
            }
        }
        int mode = e.getMode() & 07777;
        if ((mode & 06000) != 0 && !e.isSymbolicLink() && !e.isDirectory()) {
            throw new UnsafeArchiveException(archive, raw, "is setuid/setgid (mode " + Integer.toOctalString(mode) + ")");
        }
        if (e.isSymbolicLink()) {
            checkSymlinkTarget(archive, raw, name, e.getLinkName());
            links.add(name);
            return new Entry(name, Kind.SYMLINK, 0, mode, e.getLinkName(), raw);
        }
        if (e.isLink()) {
            String target = e.getLinkName();
            String t;
            try {
                t = relativeName(archive, target);
            } catch (UnsafeArchiveException x) {
                throw new UnsafeArchiveException(archive, raw, "is a hardlink whose target '" + target + "' escapes the extraction dir");
            }
            if (!files.contains(t)) {
                throw new UnsafeArchiveException(archive, raw, "is a hardlink to '" + target + "', which is not an earlier regular file of the archive");
            }
            links.add(name);
            return new Entry(name, Kind.HARDLINK, 0, mode, target, raw);
        }
        if (e.isDirectory()) {
            return new Entry(name, Kind.DIRECTORY, 0, mode, null, raw);
        }
        if (!e.isFile()) {
            throw new UnsafeArchiveException(archive, raw, "has an unsupported tar entry type");
        }
        files.add(name);
        return new Entry(name, Kind.FILE, e.getSize(), mode, null, raw);
    }

    /**
     * The decompressed stream under the tar reader: counts bytes and where the last non-zero byte was, so that after
     * the last entry the rest can be checked to be end-of-archive zeros and nothing else.
     */
    private static final class ZeroTracking extends java.io.FilterInputStream {
        long total;
        long lastNonZeroEnd;

        ZeroTracking(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                seen(b, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            for (int i = 0; i < n; i++) {
                seen(buf[off + i], 1);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // read instead of skip: skipped bytes must be seen too
            byte[] buf = new byte[(int) Math.min(n, 8192)];
            int r = read(buf, 0, buf.length);
            return Math.max(r, 0);
        }

        private void seen(int b, int count) {
            total += count;
            if (b != 0) {
                lastNonZeroEnd = total;
            }
        }

        void drain() throws IOException {
            byte[] buf = new byte[8192];
            while (read(buf, 0, buf.length) >= 0) {
                // seen() checks every byte
            }
        }
    }

    /** {@code ./a//b/} to {@code a/b}; refuses absolute names and {@code ..} segments. */
    private static String relativeName(Path archive, String raw) {
        if (raw.startsWith("/") || raw.startsWith("\\") || raw.matches("^[A-Za-z]:.*")) {
            throw new UnsafeArchiveException(archive, raw, "has an absolute path");
        }
        List<String> parts = new ArrayList<>();
        for (String s : raw.replace('\\', '/').split("/")) {
            if (s.equals("..")) {
                throw new UnsafeArchiveException(archive, raw, "has a '..' segment");
            }
            if (!s.isEmpty() && !s.equals(".")) {
                parts.add(s);
            }
        }
        return String.join("/", parts);
    }

    // Only leading '..' segments are allowed: 'a/../..' could climb out through another link.
    private static void checkSymlinkTarget(Path archive, String raw, String name, String target) {
        if (target == null || target.isEmpty()) {
            throw new UnsafeArchiveException(archive, raw, "is a symlink without a target");
        }
        if (target.startsWith("/")) {
            throw new UnsafeArchiveException(archive, raw, "is a symlink to the absolute path '" + target + "'");
        }
        int depth = name.split("/").length - 1;
        boolean leading = true;
        for (String s : target.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (!leading) {
                    throw new UnsafeArchiveException(archive, raw, "is a symlink to '" + target + "' with a '..' after a name");
                }
                depth--;
                if (depth < 0) {
                    throw new UnsafeArchiveException(archive, raw, "is a symlink to '" + target + "', which escapes the extraction dir");
                }
            } else {
                leading = false;
            }
        }
    }

    private static void write(Path archive, Path dest, Entry entry, InputStream data) throws IOException {
        Path root = dest.toRealPath();
        Path target = root.resolve(entry.name()).normalize();
        if (!target.startsWith(root)) {
            throw new UnsafeArchiveException(archive, entry.name(), "would be written outside the extraction dir");
        }
        Files.createDirectories(target.getParent());
        if (!target.getParent().toRealPath().startsWith(root)) {
            throw new UnsafeArchiveException(archive, entry.name(), "would be written outside the extraction dir");
        }
        switch (entry.kind()) {
            case DIRECTORY -> {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(target);
                }
            }
            case FILE -> {
                Files.deleteIfExists(target);
                try (OutputStream o = Files.newOutputStream(target)) {
                    data.transferTo(o);
                }
                setMode(target, entry.mode());
            }
            case SYMLINK -> {
                Files.deleteIfExists(target);
                Files.createSymbolicLink(target, Path.of(entry.linkTarget()));
            }
            case HARDLINK -> {
                Files.deleteIfExists(target);
                // A copy, not a link: the extracted tree then never shares an inode with anything.
                Files.copy(root.resolve(relativeName(archive, entry.linkTarget())), target, StandardCopyOption.COPY_ATTRIBUTES);
            }
            default -> throw new IllegalStateException(entry.kind().toString());
        }
    }

    private static void setMode(Path file, int mode) {
        Set<PosixFilePermission> perms = PosixFilePermissions.fromString(rwx(mode >> 6) + rwx(mode >> 3) + rwx(mode));
        try {
            Files.setPosixFilePermissions(file, perms);
        } catch (UnsupportedOperationException | IOException e) {
            // Non-POSIX file systems keep their default permissions.
        }
    }

    private static String rwx(int bits) {
        return ((bits & 4) != 0 ? "r" : "-") + ((bits & 2) != 0 ? "w" : "-") + ((bits & 1) != 0 ? "x" : "-");
    }
}
