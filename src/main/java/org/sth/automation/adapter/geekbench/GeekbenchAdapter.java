package org.sth.automation.adapter.geekbench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.adapter.spi.BenchmarkAdapter;
import org.sth.automation.adapter.spi.NumericResult;
import org.sth.automation.adapter.spi.StepContext;
import org.sth.automation.adapter.spi.StepResult;
import org.sth.automation.bundle.Packaging;
import org.sth.automation.io.Json;
import org.sth.automation.run.status.Phase;
import org.sth.automation.transport.CommandResult;
import org.sth.automation.transport.RemoteCommand;

/**
 * The {@code geekbench} benchmark: runs the Geekbench binary from an operator-supplied bundle (it
 * cannot be shipped; docs/bundles.md says how to add one) through the bundle's entry command, then
 * parses the console output: result and claim URLs, offline scores, or an interrupted run, each a
 * distinct outcome.
 */
public final class GeekbenchAdapter implements BenchmarkAdapter {

    public static final String NAME = "geekbench";

    static final AdapterSpec SPEC = new AdapterSpec(NAME, NAME, NAME, List.of("sh", "tar"), List.of(), Duration.ofMinutes(30),
            List.of("geekbench.txt", "result.json"),
            new Packaging("geekbench", List.of(), List.of(), null, List.of(), Map.of()));

    @Override
    public AdapterSpec spec() {
        return SPEC;
    }

    /** The single- and multi-core scores an offline run prints ({@code result.json}; an uploaded run shows them online only). */
    @Override
    public Optional<NumericResult> numericResult() {
        return Optional.of(NumericResult.of("result.json", "single_core_score", "/single_core_score", "multi_core_score", "/multi_core_score"));
    }

    @Override
    public StepResult execute(StepContext ctx) {
        ObjectNode stage = ctx.stepDetails(Phase.STAGE).orElse(Json.object());
        String entry = stage.path("entry_command").asText(null);
        if (entry == null) {
            return StepResult.failed("no Geekbench bundle was staged (basis " + stage.path("basis").asText("unknown")
                    + "); add one as docs/bundles.md describes", null);
        }
        Duration ceiling = ctx.ceiling();
        String out = ctx.remoteOutDir();
        String run = "cd '" + ctx.remoteBundleDir() + "' && OUT='" + out + "' && mkdir -p \"$OUT\" && " + entry;
        CommandResult r = ctx.session().execOnce(NAME + "/execute/run", new RemoteCommand(run, null, ceiling, NAME + "/execute"));
        ObjectNode d = Json.object();
        d.put("ceiling_secs", ceiling.toSeconds());
        d.put("command_outcome", r.outcome().id());
        d.put("exit_code", r.exitCode());
        if (r.terminated()) {
            return StepResult.terminated(ceiling, d);
        }
        // Geekbench's own exit code says little (an interrupted run may exit 0): collect reads the output
        return StepResult.completed(d);
    }

    @Override
    public StepResult collect(StepContext ctx) {
        Path dir = ctx.resultsDir();
        ctx.session().download(ctx.remoteOutDir() + "/geekbench.txt", dir.resolve("geekbench.txt"));
        String text;
        try {
            text = Files.readString(dir.resolve("geekbench.txt"), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return StepResult.failed("cannot read the downloaded geekbench.txt: " + e.getMessage(), null);
        }
        GeekbenchResult result = GeekbenchOutputParser.parse(text);
        ObjectNode json = result.toJson();
        Json.writeAtomically(dir.resolve("result.json"), json);
        ObjectNode d = Json.object();
        d.put("geekbench_outcome", result.outcome().key());
        d.put("result_url", result.resultUrl());
        d.put("claim_url", result.claimUrl());
        return switch (result.outcome()) {
            case UPLOADED, UPLOADED_WITH_CLAIM, OFFLINE_SCORES -> StepResult.completed(d);
            case INTERRUPTED -> StepResult.interrupted("Geekbench stopped before printing a result", d);
            default -> StepResult.failed("Geekbench printed no result (" + result.outcome().key() + ")", d);
        };
    }
}
