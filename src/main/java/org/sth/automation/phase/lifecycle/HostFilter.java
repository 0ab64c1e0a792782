package org.sth.automation.phase.lifecycle;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.sth.automation.engine.PhaseMessage;

/**
 * The file spools' filter ({@code filter=#hostFilter}): a message is taken only when the admit step would let its run
 * in ({@link AdmitMessageProcessor#admits}); a message of a run whose host another run holds stays in its spool, and
 * its run says {@code queued} behind which run. Polling skips it until the host is free; no thread waits.
 */
public final class HostFilter implements GenericFileFilter<File> {

    private final AdmitMessageProcessor admit;

    public HostFilter(AdmitMessageProcessor admit) {
        this.admit = admit;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        if (file.isDirectory()) {
            return true;
        }
        if (!file.getFile().exists()) {
            // consumed since the directory was listed
            return false;
        }
        PhaseMessage m;
        try {
            m = PhaseMessage.parse(Files.readString(file.getFile().toPath()), file.getAbsoluteFilePath());
        } catch (IOException | RuntimeException unreadable) {
            // a torn or foreign file is taken, so the route parks it in recovery with the reason
            return true;
        }
        return admit.admits(m);
    }
}
