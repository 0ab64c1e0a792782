package org.sth.automation.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sth.automation.AutomationException;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.engine.recovery.RecoveryQueue;
import org.sth.automation.observe.AgentResult;
import org.sth.automation.observe.RecoveryOperations;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.status.Phase;

/**
 * The recovery queue of one work root as the CLI ({@code replay}), JMX and HTTP drive it: every answer is an
 * {@link AgentResult} document, so an agent reads the same fields whichever way it asked.
 */
final class RecoveryApi implements RecoveryOperations {

    private final WorkDirs dirs;
    private final RecoveryQueue queue;

    RecoveryApi(WorkDirs dirs) {
        this.dirs = dirs;
        this.queue = new RecoveryQueue(dirs);
    }

    @Override
    public ObjectNode list() {
        ObjectNode r = AgentResult.of("replay-list", Main.OK);
        ArrayNode out = r.putArray("recovery");
        for (RecoveryQueue.Entry e : queue.list()) {
            out.add(e.toJson());
            AgentResult.message(r, e.id() + "  " + e.error().path("host").asText("?") + "  failed " + e.error().path("failed_at").asText("?")
                    + "  " + e.error().path("error").asText("(no sidecar)"));
        }
        if (out.isEmpty()) {
            AgentResult.message(r, "No message waits in " + dirs.root().resolve("recovery") + ".");
        }
        return r;
    }

    @Override
    public ObjectNode replay(String id) {
        ObjectNode r = AgentResult.of("replay", Main.OK);
        try {
            replayInto(r, queue.find(id));
        } catch (AutomationException e) {
            return AgentResult.error("replay", AgentResult.ErrorKind.of(e), e.getMessage());
        }
        return r;
    }

    @Override
    public ObjectNode replayAll(String phase) {
        Phase p;
        try {
            p = Phase.of(phase);
        } catch (IllegalArgumentException e) {
            return AgentResult.error("replay", AgentResult.ErrorKind.USAGE, e.getMessage());
        }
        ObjectNode r = AgentResult.of("replay", Main.OK);
        List<RecoveryQueue.Entry> entries = queue.list(p);
        for (RecoveryQueue.Entry e : entries) {
            try {
                replayInto(r, e.message());
            } catch (AutomationException | UncheckedIOException failed) {
                AgentResult.message(r, "Could not replay " + e.id() + ": " + failed.getMessage());
                AgentResult.fail(r, AgentResult.ErrorKind.FAILED, "could not replay " + e.id() + ": " + failed.getMessage());
            }
        }
        if (entries.isEmpty()) {
            AgentResult.message(r, "No message waits in recovery/" + p.id() + ".");
        }
        return r;
    }

    /** The run directories the last replays touched, from a result document. */
    static List<Path> runDirs(ObjectNode result) {
        List<Path> out = new ArrayList<>();
        result.path("runs").forEach(run -> out.add(Path.of(run.path("run_dir").asText())));
        return out;
    }

    /** Moves one message back into its spool and records the resume in its run; adds both to {@code r}. */
    private void replayInto(ObjectNode r, Path message) {
        PhaseMessage m;
        try {
            m = PhaseMessage.parse(Files.readString(message), message.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + message + ": " + e.getMessage(), e);
        }
        RunStore store = RunStore.open(m.runDir());
        Path spool = RecoveryQueue.replay(message);
        store.resumed(m.phase(), "replay");
        r.withArray("replayed").addObject().put("id", m.phase().id() + "/" + message.getFileName().toString().replaceAll("\\.json$", ""))
                .put("phase", m.phase().id()).put("run_id", m.runId()).put("spool_file", spool.toString());
        r.withArray("runs").add(AgentResult.run(OneShot.derivedStatus(store.layout().dir())));
        AgentResult.message(r, "Replayed " + message.getFileName() + " into " + spool);
    }
}
