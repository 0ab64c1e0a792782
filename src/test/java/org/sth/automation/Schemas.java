package org.sth.automation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.sth.automation.io.DocumentSchema;
import org.sth.automation.io.Json;
import org.sth.automation.run.JsonlLedger;

/**
 * The published JSON Schemas ({@code docs/schema/}) applied, by a validator library, to the documents real runs write:
 * every document of a run directory, of a work root, and every result document.
 */
public final class Schemas {

    /** Where the schemas are published. */
    public static final Path DIR = Path.of("docs/schema").toAbsolutePath();

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemas(Schemas::text).schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final Map<DocumentSchema, Schema> LOADED = new ConcurrentHashMap<>();

    private Schemas() {
    }

    /** The schema text of an {@code $id} ({@code urn:sth-bench-automation:schema:<name>:<version>}), from its file. */
    private static String text(String id) {
        for (DocumentSchema d : DocumentSchema.values()) {
            if (d.id().equals(id)) {
                try {
                    return Files.readString(DIR.resolve(d.fileStem() + ".schema.json"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return null;
    }

    /** The violations of {@code document} against {@code schema}; empty when it conforms. */
    public static List<String> violations(DocumentSchema schema, JsonNode document) {
        Schema s = LOADED.computeIfAbsent(schema, d -> REGISTRY.getSchema(SchemaLocation.of(d.id())));
        return s.validate(document).stream().map(Error::toString).toList();
    }

    /** Asserts that {@code document} ({@code what}: where it came from) conforms to its schema. */
    public static void assertValid(DocumentSchema schema, JsonNode document, String what) {
        assertThat(violations(schema, document)).as(what + " against " + schema.fileStem() + ".schema.json:\n" + document).isEmpty();
    }

    /** Asserts a JSON file conforms, and (written by this version) names its schema in {@code $schema}. */
    public static void assertFile(DocumentSchema schema, Path file, boolean thisVersion) {
        JsonNode doc = Json.read(file);
        assertValid(schema, doc, file.toString());
        if (thisVersion) {
            assertThat(doc.path("$schema").asText()).as(file + " names its schema").isEqualTo(schema.id());
        }
    }

    /**
     * Every document of a run directory against its schema: status, plan, run manifest, step manifests, artifact
     * manifest, publish ledger and manifests, and each line of the three ledgers. {@code thisVersion}: every JSON file
     * was written (or rewritten by the backfill) by this version, so each names its schema.
     */
    public static void assertRunDirectory(Path run, boolean thisVersion) {
        assertFile(DocumentSchema.STATUS, run.resolve("status.json"), true);
        assertFile(DocumentSchema.PLAN, run.resolve("state/plan.json"), thisVersion);
        assertFile(DocumentSchema.RUN_MANIFEST, run.resolve("run_manifest.json"), true);
        assertFile(DocumentSchema.ARTIFACT_MANIFEST, run.resolve("artifact_manifest.json"), thisVersion);
        assertFile(DocumentSchema.PUBLISH_LEDGER, run.resolve("publish_ledger.json"), thisVersion);
        JsonNode manifest = Json.read(run.resolve("run_manifest.json"));
        manifest.path("step_manifests").forEach(m -> assertFile(DocumentSchema.STEP_MANIFEST, run.resolve(m.asText()), thisVersion));
        assertThat(manifest.path("step_manifests")).as("every step manifest is indexed").hasSize(files(run.resolve("state/steps"), ".json").size());
        for (Path f : files(run.resolve("publish-staging"), "push_ready.json")) {
            assertFile(DocumentSchema.PUSH_READY, f, true);
        }
        for (Path f : files(run.resolve("publish-staging"), "pr_ready.json")) {
            assertFile(DocumentSchema.PR_READY, f, true);
        }
        lines(DocumentSchema.EVENT, run.resolve("events.jsonl"));
        lines(DocumentSchema.COMMAND_LEDGER_LINE, run.resolve("command_ledger.jsonl"));
        lines(DocumentSchema.TRANSFER_LEDGER_LINE, run.resolve("transfer_ledger.jsonl"));
        manifest.path("schemas").fields().forEachRemaining(e -> assertThat(e.getValue().asText()).startsWith("urn:sth-bench-automation:schema:"));
    }

    /** Every document of a work root: accepted request records and the recovery sidecars. */
    public static void assertWorkRoot(Path work) {
        for (Path f : files(work.resolve("requests"), ".json")) {
            assertFile(DocumentSchema.REQUEST_RECORD, f, true);
        }
        for (Path f : files(work.resolve("recovery"), ".error.json")) {
            assertFile(DocumentSchema.RECOVERY_ERROR, f, true);
        }
    }

    /** A result document (what a verb printed with {@code --json}): conforms, and its exit code is the process's. */
    public static JsonNode assertResult(Cli.Result r) {
        JsonNode doc;
        try {
            doc = Json.parse(r.out());
        } catch (IllegalArgumentException e) {
            throw new AssertionError("--json printed something else than one JSON document:\n" + r, e);
        }
        assertValid(DocumentSchema.RESULT, doc, "result of " + r);
        assertThat(doc.path("exit_code").asInt()).as(r.toString()).isEqualTo(r.exit());
        return doc;
    }

    private static void lines(DocumentSchema schema, Path ledger) {
        int n = 0;
        for (JsonNode line : JsonlLedger.read(ledger).records()) {
            assertValid(schema, line, ledger + " line " + ++n);
        }
    }

    private static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return new ArrayList<>(s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix))
                    .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
