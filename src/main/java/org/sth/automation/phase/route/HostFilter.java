package org.sth.automation.phase.route;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.sth.automation.engine.HostHolders;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.run.RunStore;

/**
 * The spools' file filter ({@code filter=#hostFilter}): a message is taken only when its run may use its host now
 * ({@link HostHolders}); a message of a run whose host another run holds stays in its spool, and its run says
 * {@code queued} behind which run. Polling skips it until the host is free; no thread waits.
 */
public final class HostFilter implements GenericFileFilter<File> {

    private final HostHolders holders;

    public HostFilter(HostHolders holders) {
        this.holders = holders;
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
        try {
            return holders.admit(m, RunStore.open(m.runDir())).admitted();
        } catch (RuntimeException runDirBroken) {
            // a run directory that cannot be opened or written: the phase route reports it when it takes the message
            return holders.admit(m.host(), m.runId(), m.runDir()).admitted();
        }
    }
}
