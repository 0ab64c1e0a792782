package org.sth.automation.phase.intake;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.strategy.FileChangedExclusiveReadLockStrategy;

/**
 * When a request in {@code inbox/} is complete. A file whose inode changed after its content last did (its ctime is later
 * than its mtime: it was renamed into place, as the engine's own {@code run} and {@code replay}, an operator's
 * {@code mv}, rsync and {@code cp -p} leave it) is complete and taken at once. Any other file may still be being written
 * in place (scp, {@code cat >}, an editor): it is taken once unchanged (size and time) over {@code sth.inbox.check} ms and
 * at least {@code sth.inbox.settle} ms old; until it is that old, each poll passes it by without waiting, so it never holds
 * up the other requests of the poll. On a file system whose times have no sub-second part, a rename in the same
 * second as the write looks like an in-place write and waits the settle: late, never early.
 */
public final class SettledRequestReadLock extends FileChangedExclusiveReadLockStrategy {

    private volatile boolean configured;

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange)
            throws Exception {
        configure(exchange.getContext());
        if (renamedIntoPlace(file.getFile())) {
            return true;
        }
        // younger than the settle: this poll passes it by at once (a later one looks again) instead of waiting in it, where
        // every other file of the poll, a complete request renamed into place among them, would wait behind it
        if (getMinAge() > 0 && System.currentTimeMillis() - file.getFile().lastModified() < getMinAge()) {
            return false;
        }
        return super.acquireExclusiveReadLock(operations, file, exchange);
    }

    /** Whether the file's last change was to its inode, not its content (a rename into place). */
    static boolean renamedIntoPlace(File f) {
        try {
            FileTime mtime = Files.getLastModifiedTime(f.toPath());
            FileTime ctime = (FileTime) Files.getAttribute(f.toPath(), "unix:ctime");
            return ctime.compareTo(mtime) > 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException unknown) {
            // no ctime on this file system: the settle decides
            return false;
        }
    }

    private void configure(CamelContext camel) {
        if (!configured) {
            synchronized (this) {
                if (!configured) {
                    setMinAge(property(camel, "sth.inbox.settle"));
                    setCheckInterval(property(camel, "sth.inbox.check"));
                    setTimeout(property(camel, "sth.inbox.timeout"));
                    configured = true;
                }
            }
        }
    }

    private static long property(CamelContext camel, String key) {
        return Long.parseLong(camel.resolvePropertyPlaceholders("{{" + key + "}}").strip());
    }
}
