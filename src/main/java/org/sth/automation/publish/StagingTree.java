package org.sth.automation.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.sth.automation.io.Sha256;

/** Deterministic copies of artifact trees: equal inputs give byte-identical trees (sorted, fixed timestamps, no stale files). */
public final class StagingTree {

    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private StagingTree() {
    }

    /** Replaces {@code to} with a copy of the regular files under {@code from}; returns the number of files. */
    public static int copy(Path from, Path to) {
        deleteTree(to);
        if (!Files.isDirectory(from)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(from)) {
            List<Path> files = s.filter(Files::isRegularFile).sorted().toList();
            for (Path f : files) {
                Path dest = to.resolve(from.relativize(f).toString());
                Files.createDirectories(dest.getParent());
                Files.copy(f, dest, StandardCopyOption.REPLACE_EXISTING);
                Files.setLastModifiedTime(dest, EPOCH);
            }
            return files.size();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stage " + from + " into " + to + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces {@code to} with a copy of exactly the listed files under {@code from} (relative path → expected sha256), each
     * copy checked against its digest; returns the digests of what was staged.
     */
    public static SortedMap<String, String> copyListed(Path from, SortedMap<String, String> listed, Path to) {
        deleteTree(to);
        try {
            for (var e : listed.entrySet()) {
                Path dest = to.resolve(e.getKey());
                Files.createDirectories(dest.getParent());
                Files.copy(from.resolve(e.getKey()), dest, StandardCopyOption.REPLACE_EXISTING);
                Files.setLastModifiedTime(dest, EPOCH);
                String sha = Sha256.of(dest);
                if (!sha.equals(e.getValue())) {
                    throw new IllegalStateException(from.resolve(e.getKey()) + " changed while it was staged (sha256 "
                            + sha + ", artifact_manifest.json lists " + e.getValue() + "): run resume to stage it again");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stage " + from + " into " + to + ": " + e.getMessage(), e);
        }
        return new TreeMap<>(listed);
    }

    /** SHA-256 of every regular file under {@code root}, keyed by relative path with forward slashes, sorted. */
    public static SortedMap<String, String> digests(Path root) {
        SortedMap<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile).forEach(f -> out.put(root.relativize(f).toString().replace('\\', '/'), Sha256.of(f)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Deletes a directory tree if present. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
