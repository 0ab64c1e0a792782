package org.sth.automation.bundle;

import java.util.List;

/**
 * What the stage step keeps of a successful source build: the paths of the built tree (relative to it, {@code .} for
 * all of it, {@code .git} always left out) it packs on the host, downloads and writes into the bundle cache as a
 * proper bundle ({@code <bundle>-src.<run stamp>-linux-<host arch>}), so the next run on a host of that arch is
 * bundle-first ({@code captured_cache}) instead of building again.
 *
 * @param paths        paths of the built tree to keep
 * @param entryCommand the manifest's {@code entry_command}: how the bundle is run from its extraction dir
 */
public record Capture(List<String> paths, String entryCommand) {

    /** Largest capture taken into the cache (a build tree with its intermediates can be gigabytes). */
    public static final long MAX_BYTES = 2L * 1024 * 1024 * 1024;

    public Capture {
        paths = List.copyOf(paths);
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("a capture needs at least one path");
        }
    }
}
