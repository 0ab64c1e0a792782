package org.sth.automation.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Free space below a floor, checked before a phase writes anything: stopping then is cleaner than ENOSPC mid-write. */
public final class DiskSpace {

    private DiskSpace() {
    }

    /** Throws {@link StorageException} ({@code disk_full}) when the file system of {@code dir} has less than {@code floorBytes} usable. */
    public static void require(Path dir, long floorBytes, String setting) {
        if (floorBytes <= 0) {
            return;
        }
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        long free;
        try {
            free = Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            return;
        }
        if (free < floorBytes) {
            throw new StorageException(StorageException.Kind.DISK_FULL, dir, "only " + free / 1024 + " KiB free under " + dir
                    + ", below the floor of " + floorBytes / 1024 + " KiB (" + setting + ")", null);
        }
    }
}
