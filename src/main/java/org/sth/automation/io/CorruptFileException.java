package org.sth.automation.io;

import java.nio.file.Path;
import org.sth.automation.AutomationException;

/** A state, spool or run-directory file that cannot be read as expected; names the file and the fix. */
public class CorruptFileException extends AutomationException {

    private final Path file;

    public CorruptFileException(Path file, String problem) {
        super(file + ": " + problem + " (fix: restore the file from the run's ledgers or remove it and run `resume`)");
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
