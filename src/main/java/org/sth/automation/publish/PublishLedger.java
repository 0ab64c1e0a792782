package org.sth.automation.publish;

import org.sth.automation.io.DocumentSchema;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import org.sth.automation.io.Json;
import org.sth.automation.run.RunLayout;

/** Each publish target's position in the publish state machine, with its evidence, in {@code publish_ledger.json}. */
public final class PublishLedger {

    private final RunLayout layout;

    public PublishLedger(RunLayout layout) {
        this.layout = layout;
    }

    /** The adapter's entry, or an empty object when it has none yet. */
    public synchronized ObjectNode entry(String adapter) {
        if (!Files.exists(layout.publishLedger())) {
            return Json.object();
        }
        JsonNode e = Json.readObject(layout.publishLedger()).path("targets").path(adapter);
        return e.isObject() ? ((ObjectNode) e).deepCopy() : Json.object();
    }

    /** The adapter's current state, or null. */
    public String state(String adapter) {
        return entry(adapter).path("state").asText(null);
    }

    /** Replaces the adapter's entry atomically (the whole file is rewritten through a temp file and rename). */
    public void write(String adapter, ObjectNode entry) {
        synchronized (PublishLedger.class) {
            ObjectNode ledger = Files.exists(layout.publishLedger()) ? Json.readObject(layout.publishLedger())
                    : DocumentSchema.PUBLISH_LEDGER.stamp(Json.object());
            if (!ledger.has("$schema")) {
                DocumentSchema.PUBLISH_LEDGER.stamp(ledger);
            }
            ledger.with("targets").set(adapter, entry);
            Json.writeAtomically(layout.publishLedger(), ledger);
        }
    }
}
