package org.sth.automation.adapter.latency;

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
import org.sth.automation.host.topology.CpuTopology;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.Json;
import org.sth.automation.io.SafeText;
import org.sth.automation.io.StrictUtf8;
import org.sth.automation.run.status.Phase;
import org.sth.automation.transport.CommandResult;
import org.sth.automation.transport.RemoteCommand;
import org.sth.automation.transport.TransferResult;

/**
 * The {@code latency} benchmark: runs core-to-core-latency through the shipped latency wrapper
 * bundle under the step ceiling, downloads its CSV and turns it into a matrix and summary statistics
 * (overall, SMT siblings, same socket, cross socket) using the CPU topology discover cached in the run.
 */
public final class LatencyAdapter implements BenchmarkAdapter {

    public static final String NAME = "latency";

    static final AdapterSpec SPEC = new AdapterSpec(NAME, NAME, NAME, List.of("sh", "tar", "lscpu"), List.of(),
            Duration.ofMinutes(30), List.of("latency.csv", "summary.json", "summary.md"),
            new Packaging("latency-wrapper", List.of("core-to-core-latency"), List.of("core-to-core-latency"),
                    "cargo install --locked core-to-core-latency", List.of("cargo"), Map.of("cargo", "rustup")));

    @Override
    public AdapterSpec spec() {
        return SPEC;
    }

    /** The median and mean latency over all measured pairs ({@code summary.json}). */
    @Override
    public Optional<NumericResult> numericResult() {
        return Optional.of(NumericResult.of("summary.json", "median_ns", "/overall/median_ns", "mean_ns", "/overall/mean_ns"));
    }

    @Override
    public StepResult execute(StepContext ctx) {
        Duration ceiling = ctx.ceiling();
        String out = ctx.remoteOutDir();
        boolean wrapper = ctx.stepDetails(Phase.STAGE).map(d -> d.hasNonNull("remote_bundle_dir")).orElse(false);
        // with the wrapper bundle staged it runs the benchmark; otherwise the runner is on PATH (installed or built on the host)
        String run = wrapper ? "cd '" + ctx.remoteBundleDir() + "' && OUT='" + out + "' && sh run.sh \"$OUT\""
                : "PATH=\"$HOME/.cargo/bin:$PATH\"; mkdir -p '" + out + "' && core-to-core-latency 5000 300 --csv > '" + out
                        + "/latency.csv.part' && mv '" + out + "/latency.csv.part' '" + out + "/latency.csv'";
        CommandResult r = ctx.session().execOnce(NAME + "/execute/run", new RemoteCommand(run, null, ceiling, NAME + "/execute"));
        ObjectNode d = Json.object();
        d.put("ceiling_secs", ceiling.toSeconds());
        d.put("command_outcome", r.outcome().id());
        d.put("exit_code", r.exitCode());
        d.put("remote_out", out);
        d.put("runner", wrapper ? "latency-wrapper bundle" : "core-to-core-latency on the host's PATH");
        if (r.terminated()) {
            return StepResult.terminated(ceiling, d);
        }
        if (!r.ok()) {
            String why = r.stderrText().strip();
            return StepResult.failed("core-to-core-latency did not complete (exit " + r.exitCode() + ")" + (why.isEmpty() ? "" : ": " + why), d);
        }
        return StepResult.completed(d);
    }

    @Override
    public StepResult collect(StepContext ctx) {
        Path dir = ctx.resultsDir();
        TransferResult csv = ctx.session().download(ctx.remoteOutDir() + "/latency.csv", dir.resolve("latency.csv"));
        StrictUtf8.Result read = StrictUtf8.read(dir.resolve("latency.csv"));
        if (read instanceof StrictUtf8.Bad b) {
            return StepResult.failed(b.where().describe(ctx.layout().relative(dir.resolve("latency.csv")))
                    + ": the host's core-to-core-latency printed something that is not its CSV (raw bytes kept in that file)", null);
        }
        String text = ((StrictUtf8.Text) read).text();
        if (text.isBlank()) {
            return StepResult.failed("latency.csv is empty: an empty result is a failure, never a result", null);
        }
        LatencyMatrix matrix = LatencyCsvParser.parse(text);
        CpuTopology topology = ctx.topology().filter(t -> !t.isEmpty()).orElse(null);
        LatencySummary summary = LatencySummary.of(matrix, topology);
        ObjectNode json = summary.toJson();
        Json.writeAtomically(dir.resolve("summary.json"), json);
        AtomicFiles.write(dir.resolve("summary.md"), SafeText.text(summary.toMarkdown()));
        // for people: the matrix as a core-to-core heatmap beside latency.csv (the run page shows it)
        AtomicFiles.write(dir.resolve(LatencyHeatmap.FILE), LatencyHeatmap.svg(matrix, "Core-to-core latency on " + ctx.host().name()));
        ObjectNode d = Json.object();
        d.put("csv_sha256", csv.sha256());
        d.put("cpus", matrix.size());
        d.put("topology", topology == null ? "unavailable" : "cpu_topology.json (" + String.join(", ", topology.sources()) + ")");
        return StepResult.completed(d);
    }
}
