package org.sth.automation.bundle;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.sth.automation.AutomationException;

/**
 * Builds a byte-for-byte reproducible tar.gz from a directory: sorted entries, fixed mtime, owner and
 * modes, GNU long names (no pax headers), no macOS sidecar files, gzip header without name or time.
 */
public final class BundleBuilder {

    /** The mtime of every entry: 2020-01-01T00:00:00Z (the same value scripts/build-bundles.sh uses). */
    public static final Instant FIXED_MTIME = Instant.parse("2020-01-01T00:00:00Z");

    private BundleBuilder() {
    }

    /**
     * Writes {@code out} (atomically) from the tree under {@code sourceDir}; entry names are relative
     * to it, under {@code prefix/} when the prefix is not empty. Symlinks in the tree are refused.
     *
     * @return the hex sha256 of the written archive
     */
    public static String build(Path sourceDir, Path out, String prefix) {
        if (!Files.isDirectory(sourceDir)) {
            throw new AutomationException("Cannot build a bundle from " + sourceDir + ": not a directory");
        }
        String base = prefix == null || prefix.isBlank() ? "" : prefix.replaceAll("/+$", "") + "/";
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmp));
                 GzipCompressorOutputStream gz = new GzipCompressorOutputStream(o, gzipParameters());
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_ERROR);
                tar.setAddPaxHeadersForNonAsciiNames(false);
                if (!base.isEmpty()) {
                    tar.putArchiveEntry(entry(base, true, false, 0));
                    tar.closeArchiveEntry();
                }
                for (Path p : sortedTree(sourceDir)) {
                    String rel = sourceDir.relativize(p).toString().replace('\\', '/');
                    if (Files.isSymbolicLink(p)) {
                        throw new AutomationException("Cannot build a bundle from " + sourceDir + ": '" + rel + "' is a symlink (copy the file instead)");
                    }
                    boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                    long size = dir ? 0 : Files.size(p);
                    tar.putArchiveEntry(entry(base + rel + (dir ? "/" : ""), dir, !dir && Files.isExecutable(p), size));
                    if (!dir) {
                        Files.copy(p, tar);
                    }
                    tar.closeArchiveEntry();
                }
                tar.finish();
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot build bundle " + out, e);
        }
        return BundleVerifier.sha256(out);
    }

    /** Whether a file is metadata that never belongs in a bundle: macOS sidecars ({@code ._*}, {@code .DS_Store}) and {@code .git}. */
    public static boolean isSidecar(Path p) {
        String n = p.getFileName().toString();
        return n.startsWith("._") || n.equals(".DS_Store") || n.equals(".git");
    }

    private static List<Path> sortedTree(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            // Sort by name bytes (like LC_ALL=C), never by locale.
            children = s.filter(p -> !isSidecar(p)).sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        }
        for (Path c : children) {
            out.add(c);
            if (Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS)) {
                out.addAll(sortedTree(c));
            }
        }
        return out;
    }

    private static TarArchiveEntry entry(String name, boolean dir, boolean exec, long size) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode((dir ? TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 : TarArchiveEntry.DEFAULT_FILE_MODE & ~0777) | (dir || exec ? 0755 : 0644));
        e.setModTime(FileTime.from(FIXED_MTIME));
        e.setIds(0, 0);
        e.setUserName("root");
        e.setGroupName("root");
        e.setSize(size);
        return e;
    }

    private static GzipParameters gzipParameters() {
        GzipParameters p = new GzipParameters();
        p.setCompressionLevel(9);
        p.setModificationTime(0);
        p.setOperatingSystem(3);
        return p;
    }
}
