package org.sth.automation.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What an interrupted git operation of the engine leaves in a repository, recognised and removed while this process
 * holds the repository's lock ({@link RepositoryLocks}), so that no live engine process can own it.
 *
 * <ul>
 *   <li>In a repository of the run's own (its publish worktree): every lock file ({@code index.lock}, {@code HEAD.lock},
 *       {@code config.lock}, {@code packed-refs.lock}, {@code refs/**.lock}), JGit's temp object files and any pack
 *       that never got its index.</li>
 *   <li>In a repository others share (the local clone, a {@code file://} remote): only what JGit's receive-pack leaves
 *       when its process dies (its {@code incoming_*} temp files, a pack kept for "jgit receive-pack" that never got its
 *       index, which makes every later push of the same objects fail with "missing object(s)") and the lock of the
 *       run's own branch. Any other lock there may be another program's: it is left, and the step's error names it.</li>
 * </ul>
 */
final class GitDebris {

    /** JGit's temp files in {@code objects/}: a received pack, an inserted pack, a loose object being written. */
    private static final List<String> TEMP_PREFIXES = List.of("incoming_", "insert_", "noz");
    private static final String RECEIVE_KEEP = "jgit receive-pack";

    private GitDebris() {
    }

    /** Recovers a repository only this run uses; returns what was removed, relative to {@code base} (its top). */
    static List<String> recoverPrivate(Path gitDir, Path base) {
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(gitDir)) {
            return removed;
        }
        try (Stream<Path> s = Files.walk(gitDir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".lock") && !RepositoryLocks.isOwnLock(f)) {
                    delete(base, f, removed);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot look for git leftovers in " + gitDir + ": " + e.getMessage(), e);
        }
        recoverObjects(gitDir, base, false, removed);
        return removed;
    }

    /** Recovers a shared repository: JGit receive leftovers and the lock of {@code branchRef} only. */
    static List<String> recoverShared(Path gitDir, String branchRef, Path base) {
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(gitDir)) {
            return removed;
        }
        if (branchRef != null) {
            delete(base, gitDir.resolve(branchRef + ".lock"), removed);
        }
        recoverObjects(gitDir, base, true, removed);
        return removed;
    }

    private static void recoverObjects(Path gitDir, Path base, boolean onlyReceiveLeftovers, List<String> removed) {
        Path objects = gitDir.resolve("objects");
        try {
            if (Files.isDirectory(objects)) {
                try (Stream<Path> s = Files.list(objects)) {
                    for (Path f : s.filter(Files::isRegularFile).toList()) {
                        String name = f.getFileName().toString();
                        if (onlyReceiveLeftovers ? name.startsWith("incoming_") : TEMP_PREFIXES.stream().anyMatch(name::startsWith)) {
                            delete(base, f, removed);
                        }
                    }
                }
            }
            Path packs = objects.resolve("pack");
            if (!Files.isDirectory(packs)) {
                return;
            }
            try (Stream<Path> s = Files.list(packs)) {
                for (Path pack : s.filter(p -> p.getFileName().toString().endsWith(".pack")).toList()) {
                    String name = pack.getFileName().toString();
                    String stem = name.substring(0, name.length() - ".pack".length());
                    if (Files.exists(packs.resolve(stem + ".idx"))) {
                        continue;
                    }
                    Path keep = packs.resolve(stem + ".keep");
                    if (onlyReceiveLeftovers && !keptByReceivePack(keep)) {
                        continue;
                    }
                    // a pack without its index is invisible to git, and blocks the same pack from being received again
                    for (String ext : List.of(".pack", ".rev", ".bitmap", ".objsize", ".keep")) {
                        delete(base, packs.resolve(stem + ext), removed);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot look for git leftovers in " + objects + ": " + e.getMessage(), e);
        }
    }

    private static boolean keptByReceivePack(Path keep) {
        try {
            return Files.isRegularFile(keep) && Files.readString(keep, StandardCharsets.UTF_8).startsWith(RECEIVE_KEEP);
        } catch (IOException e) {
            return false;
        }
    }

    private static void delete(Path base, Path f, List<String> removed) {
        try {
            if (Files.deleteIfExists(f)) {
                removed.add(base.relativize(f).toString().replace('\\', '/'));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the git leftover " + f + ": " + e.getMessage(), e);
        }
    }
}
