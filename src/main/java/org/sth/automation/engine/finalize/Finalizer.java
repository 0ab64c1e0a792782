package org.sth.automation.engine.finalize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.sth.automation.adapter.spi.StepResult;
import org.sth.automation.engine.RunContext;
import org.sth.automation.io.Json;
import org.sth.automation.run.ArtifactManifest;
import org.sth.automation.run.RunDebris;
import org.sth.automation.run.RunManifest;
import org.sth.automation.transport.CommandResult;
import org.sth.automation.transport.RemoteCommand;
import org.sth.automation.transport.TransportException;

/** Removes the run's remote scratch directory (unless {@code keep_remote}) and seals the run directory's indexes. */
public final class Finalizer {

    public StepResult finalizeRun(RunContext ctx) {
        ObjectNode details = Json.object();
        String scratch = ctx.madeScratch().orElse(null);
        if (scratch == null) {
            details.put("cleanup", "nothing on the host");
        } else if (ctx.config().execution().keepRemote()) {
            ctx.store().appendEvent("cleanup_kept", Json.object().put("path", scratch).put("reason", "keep_remote = true"));
            details.put("cleanup", "kept");
        } else {
            try {
                CommandResult r = ctx.session().execOnce("finalize/cleanup",
                        RemoteCommand.of("rm -rf -- '" + scratch + "'", Duration.ofSeconds(60), "host/finalize"));
                if (r.ok()) {
                    ctx.store().appendEvent("cleanup_deleted", Json.object().put("path", scratch));
                    details.put("cleanup", "deleted");
                } else {
                    ctx.store().appendEvent("cleanup_failed", Json.object().put("path", scratch)
                            .put("error", r.stderrText().strip())
                            .put("hint", "remove it by hand: ssh to " + ctx.host().name() + " and run rm -rf " + scratch));
                    details.put("cleanup", "failed");
                }
            } catch (TransportException e) {
                ctx.store().appendEvent("cleanup_failed", Json.object().put("path", scratch).put("error", e.getMessage())
                        .put("hint", "the host was unreachable; remove " + scratch + " on " + ctx.host().name() + " later"));
                details.put("cleanup", "failed");
            }
        }
        RunDebris.sweep(ctx.store(), "finalize");
        ArtifactManifest.rebuild(ctx.layout(), ctx.plan().runId());
        RunManifest.write(ctx.layout(), ctx.plan());
        return StepResult.completed(details);
    }
}
