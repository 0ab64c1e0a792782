package org.sth.automation.observe;

import java.nio.file.Path;
import java.util.Map;
import org.sth.automation.run.status.Phase;

/**
 * The controller's working folders as the views see them (the controller names them; views never derive paths):
 * inbox, accepted requests, each phase's spool and recovery queue.
 */
public record WorkFolders(Path root, Path inbox, Path requests, Map<Phase, Path> spools, Map<Phase, Path> recovery) {

    public WorkFolders {
        spools = Map.copyOf(spools);
        recovery = Map.copyOf(recovery);
    }
}
