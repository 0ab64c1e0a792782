package org.sth.automation.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import org.sth.automation.io.CorruptFileException;
import org.sth.automation.io.Json;
import org.sth.automation.run.status.StatusMachine;

/**
 * Rebuilds {@code status.json} from {@code state/plan.json} and the event ledger with the same {@link StatusMachine}
 * the live run uses: used when the status file is lost or corrupt, and by tests that hold the two against each other.
 */
public final class StatusRebuilder {

    private StatusRebuilder() {
    }

    /** The status the events of the run directory lead to, marked {@code rebuilt_from_events}. */
    public static ObjectNode rebuild(RunLayout layout) {
        if (!Files.exists(layout.plan())) {
            throw new CorruptFileException(layout.status(), "status.json is unreadable and state/plan.json is missing");
        }
        ObjectNode s = StatusMachine.initial(Json.readObject(layout.plan()), layout.dir().toString(), RunLayout.SCHEMA_VERSION);
        for (ObjectNode e : JsonlLedger.read(layout.events()).records()) {
            StatusMachine.apply(s, e);
        }
        s.put("rebuilt_from_events", true);
        return s;
    }
}
