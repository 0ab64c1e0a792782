package org.sth.automation.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * The JSON Schemas of the documents agents read, one per kind of document, published under {@code docs/schema/}
 * ({@code docs/schema/<name>.schema.json}, whose {@code $id} is {@link #id()}). Every JSON document the engine writes
 * names its schema in {@code $schema} and its shape in {@code schema_version}; the lines of the {@code .jsonl} ledgers
 * are named by {@code run_manifest.json}'s {@code schemas} block instead (a field on every line would only repeat it).
 */
public enum DocumentSchema {
    /** {@code status.json}. */
    STATUS(1),
    /** {@code state/plan.json}. */
    PLAN(1),
    /** {@code run_manifest.json}. */
    RUN_MANIFEST(1),
    /** {@code state/steps/<adapter>/<phase>.json}. */
    STEP_MANIFEST(1),
    /** {@code artifact_manifest.json}. */
    ARTIFACT_MANIFEST(1),
    /** {@code publish_ledger.json}. */
    PUBLISH_LEDGER(1),
    /** {@code publish-staging/<adapter>/push_ready.json}. */
    PUSH_READY(1),
    /** {@code publish-staging/<adapter>/pr_ready.json}. */
    PR_READY(1),
    /** A line of {@code events.jsonl}. */
    EVENT(1),
    /** A line of {@code command_ledger.jsonl}. */
    COMMAND_LEDGER_LINE(1),
    /** A line of {@code transfer_ledger.jsonl}. */
    TRANSFER_LEDGER_LINE(1),
    /** {@code <work_root>/recovery/<phase>/<name>.error.json}. */
    RECOVERY_ERROR(1),
    /** A run request dropped into {@code <work_root>/inbox/} (JSON form; the TOML form has the same keys). */
    REQUEST(1),
    /** {@code <work_root>/requests/<request_id>.json}: an accepted request and its runs. */
    REQUEST_RECORD(1),
    /** The result document of every {@code --json} answer, the JMX operations and the HTTP API. */
    RESULT(2);

    private final int version;

    DocumentSchema(int version) {
        this.version = version;
    }

    /** The schema's file name stem under {@code docs/schema/}, e.g. {@code step-manifest}. */
    public String fileStem() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The document shape this version writes ({@code schema_version}). */
    public int version() {
        return version;
    }

    /** The schema's {@code $id}, which documents carry in {@code $schema}: {@code urn:sth-bench-automation:schema:<name>:<version>}. */
    public String id() {
        return "urn:sth-bench-automation:schema:" + fileStem() + ":" + version;
    }

    /** Sets {@code $schema} and {@code schema_version} (first, on a new document) and returns the document. */
    public ObjectNode stamp(ObjectNode document) {
        document.put("$schema", id());
        document.put("schema_version", version);
        return document;
    }
}
