package org.sth.automation.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.Json;

/**
 * What interrupted atomic writes left in a run directory ({@code .<name>.tmp-<pid>-<hex>} of a writer that is gone):
 * removed when the run is resumed or finalized, and named in a {@code debris_removed} event. A write in progress is
 * never touched ({@link AtomicFiles#isDebris}); the publish worktrees are git's, and their leftovers are recovered by
 * the publish step.
 */
public final class RunDebris {

    private RunDebris() {
    }

    /** Removes the run directory's debris; returns what was removed, relative to the run directory, sorted. */
    public static List<String> sweep(RunLayout layout) {
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(layout.dir())) {
            return removed;
        }
        try {
            Files.walkFileTree(layout.dir(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return d.equals(layout.publishWorktrees()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile() && AtomicFiles.isDebris(f) && Files.deleteIfExists(f)) {
                        removed.add(layout.relative(f));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot look for leftover temp files in " + layout.dir() + ": " + e.getMessage(), e);
        }
        removed.sort(null);
        return removed;
    }

    /** Sweeps and, when anything was removed, records it in the run's events ({@code when}: resume or finalize). */
    public static List<String> sweep(RunStore store, String when) {
        List<String> removed = sweep(store.layout());
        if (!removed.isEmpty()) {
            var fields = Json.object().put("when", when).put("count", removed.size());
            removed.forEach(fields.putArray("paths")::add);
            store.appendEvent("debris_removed", fields);
        }
        return removed;
    }
}
