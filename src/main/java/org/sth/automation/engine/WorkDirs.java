package org.sth.automation.engine;

import java.nio.file.Path;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.run.status.Phase;

/** The controller's working folders under {@code work_root}: inbox, spools, recovery, accepted requests. */
public record WorkDirs(Path root) {

    public Path inbox() {
        return root.resolve("inbox");
    }

    public Path rejected() {
        return inbox().resolve(".rejected");
    }

    public Path requests() {
        return root.resolve("requests");
    }

    public Path spool(Phase phase) {
        return root.resolve("spool").resolve(phase.id());
    }

    public Path recovery(Phase phase) {
        return root.resolve("recovery").resolve(phase.id());
    }

    /** Writes a message into its phase's spool atomically (dot-prefixed temp name, then rename). */
    public Path enqueue(PhaseMessage message) {
        Path target = spool(message.phase()).resolve(message.fileName());
        AtomicFiles.write(target, message.toJsonText());
        return target;
    }
}
