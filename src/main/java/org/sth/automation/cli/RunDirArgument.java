package org.sth.automation.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.sth.automation.NotFoundException;
import org.sth.automation.run.RunStore;

/** {@code --run-dir} of {@code status}, {@code resume} and {@code recover}: the same answer to the same mistake. */
final class RunDirArgument {

    private RunDirArgument() {
    }

    /** The run directory's store; a path that is no run directory is {@code not_found} (exit 2), naming the fix. */
    static RunStore open(Path runDir) {
        Path dir = runDir.toAbsolutePath().normalize();
        String fix = " (fix: pass the directory `run` printed after \"Run directory:\"; `runs --config <your config>` lists every run"
                + " of a work root with its run_dir)";
        if (!Files.exists(dir)) {
            throw new NotFoundException("--run-dir " + dir + ": no such directory" + fix);
        }
        if (!Files.isDirectory(dir)) {
            throw new NotFoundException("--run-dir " + dir + ": a file, not a run directory" + fix);
        }
        if (!Files.exists(dir.resolve("state/plan.json")) && !Files.exists(dir.resolve("status.json"))
                && !Files.exists(dir.resolve("run_manifest.json"))) {
            throw new NotFoundException("--run-dir " + dir + ": not a run directory (no state/plan.json, status.json or run_manifest.json)" + fix);
        }
        return RunStore.open(dir);
    }
}
