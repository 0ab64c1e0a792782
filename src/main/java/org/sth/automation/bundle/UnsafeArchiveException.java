package org.sth.automation.bundle;

import java.nio.file.Path;
import org.sth.automation.AutomationException;

/** A tar.gz that must not be extracted: an entry would land outside the extraction dir, or is a device/fifo, or the archive is unreadable. */
public final class UnsafeArchiveException extends AutomationException {

    private final String entry;
    private final String reason;

    public UnsafeArchiveException(Path archive, String entry, String reason) {
        super("Refusing bundle archive " + archive.getFileName() + (entry == null ? "" : ": entry '" + entry + "'") + " " + reason);
        this.entry = entry;
        this.reason = reason;
    }

    /** The offending entry name, or null when the archive as a whole is broken. */
    public String entry() {
        return entry;
    }

    /** Why it is refused, e.g. {@code has a '..' segment}. */
    public String reason() {
        return reason;
    }
}
