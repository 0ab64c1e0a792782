package org.sth.automation.adapter.declared;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.sth.automation.transport.TransferResult;
import org.sth.automation.transport.TransportException;

/**
 * Runs a {@link DeclaredBenchmark}: its command (or its bundle's script) in its scratch directory on the host under its
 * ceiling, then collects its result files (globs expanded on the host), hashes them, and parses one into
 * {@code summary.json} when it has a parser. Staging, readiness, ceilings, heartbeats, ledgers, publish and recovery
 * are the engine's, exactly as for a built-in adapter.
 */
public final class DeclaredBenchmarkAdapter implements BenchmarkAdapter {

    private static final Duration LIST_TIMEOUT = Duration.ofMinutes(2);

    private final DeclaredBenchmark benchmark;
    private final AdapterSpec spec;

    public DeclaredBenchmarkAdapter(DeclaredBenchmark benchmark) {
        this.benchmark = benchmark;
        boolean bundled = benchmark.bundle() != null || benchmark.script() != null;
        List<String> results = new ArrayList<>(benchmark.results());
        if (benchmark.parser() != null) {
            results.add("summary.json");
        }
        this.spec = new AdapterSpec(benchmark.name(), benchmark.publishTarget(), benchmark.repoPathKey(), benchmark.requires(), List.of(),
                DeclaredBenchmarks.DEFAULT_CEILING, results,
                bundled ? new Packaging(benchmark.name(), List.of(), List.of(), null, List.of(), Map.of()) : Packaging.NONE,
                new AdapterSpec.Own(benchmark.ceiling(), benchmark.heartbeat(), benchmark.bundle(), benchmark.packages(),
                        benchmark.measurement()));
    }

    @Override
    public AdapterSpec spec() {
        return spec;
    }

    /** With a parser, every number of {@code summary.json}'s {@code values}. */
    @Override
    public Optional<NumericResult> numericResult() {
        return benchmark.parser() == null ? Optional.empty() : Optional.of(NumericResult.of("summary.json", "values", "/values"));
    }

    @Override
    public StepResult execute(StepContext ctx) {
        Duration ceiling = ctx.ceiling();
        String name = benchmark.name();
        String body = benchmark.command() != null ? benchmark.command() : "sh \"$BUNDLE_DIR/" + benchmark.script() + "\"";
        String run = "cd '" + ctx.remoteWorkDir() + "' && BUNDLE_DIR='" + ctx.remoteBundleDir() + "' && export BUNDLE_DIR && " + body;
        CommandResult r = ctx.session().execOnce(name + "/execute/run", new RemoteCommand(run, null, ceiling, name + "/execute"));
        ObjectNode d = Json.object();
        d.put("ceiling_secs", ceiling.toSeconds());
        d.put("command_outcome", r.outcome().id());
        d.put("exit_code", r.exitCode());
        d.put("remote_dir", ctx.remoteWorkDir());
        if (r.terminated()) {
            return StepResult.terminated(ceiling, d);
        }
        if (!r.ok()) {
            String err = (r.stderrText() + r.stdoutText()).strip();
            return StepResult.failed(name + " exited " + r.exitCode() + (err.isEmpty() ? "" : ": " + err.substring(Math.max(0, err.length() - 400))), d);
        }
        return StepResult.completed(d);
    }

    @Override
    public StepResult collect(StepContext ctx) {
        String name = benchmark.name();
        ObjectNode d = Json.object();
        // the results' globs are expanded by the host's shell; each line is one file that exists there
        StringBuilder list = new StringBuilder("cd '" + ctx.remoteWorkDir() + "' && for f in");
        benchmark.results().forEach(r -> list.append(' ').append(r));
        list.append("; do if [ -f \"$f\" ]; then printf '%s\\n' \"$f\"; fi; done");
        CommandResult listed = ctx.session().execOnce(name + "/collect/list", RemoteCommand.of(list.toString(), LIST_TIMEOUT, name + "/collect"));
        if (!listed.ok()) {
            return StepResult.failed("cannot list the results in " + ctx.remoteWorkDir() + ": " + listed.stderrText().strip(), d);
        }
        List<String> found = listed.stdoutText().lines().filter(l -> !l.isBlank()).distinct().toList();
        List<String> unmatched = benchmark.results().stream().filter(r -> found.stream().noneMatch(f -> matches(r, f))).toList();
        if (!unmatched.isEmpty()) {
            return StepResult.failed("no result file matched " + unmatched + " in " + ctx.remoteWorkDir() + " (found: " + found + ")", d);
        }
        ArrayNode files = d.putArray("files");
        Path dir = ctx.resultsDir();
        for (String f : found) {
            TransferResult t;
            try {
                t = ctx.session().download(ctx.remoteWorkDir() + "/" + f, dir.resolve(f));
            } catch (TransportException e) {
                return StepResult.failed("result file " + f + " could not be downloaded: " + e.getMessage(), d);
            }
            if (t.bytes() == 0) {
                return StepResult.failed("result file " + f + " is empty: an empty result is a failure, never a result", d);
            }
            files.addObject().put("path", f).put("bytes", t.bytes()).put("sha256", t.sha256());
        }
        if (benchmark.parser() != null) {
            return parse(ctx, dir, d);
        }
        return StepResult.completed(d);
    }

    private StepResult parse(StepContext ctx, Path dir, ObjectNode d) {
        ResultParser parser = benchmark.parser();
        ObjectNode values;
        try {
            values = parser.parse(utf8(dir.resolve(parser.file())));
        } catch (IllegalArgumentException | IOException e) {
            return StepResult.failed("the result could not be parsed: " + e.getMessage(), d);
        }
        ObjectNode summary = Json.object();
        summary.put("schema_version", 1);
        summary.put("benchmark", benchmark.name());
        summary.put("host", ctx.host().name());
        summary.put("run_id", ctx.plan().runId());
        summary.put("parser", parser.type());
        summary.put("source", parser.file());
        summary.set("values", values);
        parser.missing(values).forEach(summary.putArray("missing")::add);
        ctx.stepDetails(Phase.EXECUTE).ifPresent(e -> summary.put("exit_code", e.path("exit_code").asInt()));
        Json.writeAtomically(dir.resolve("summary.json"), summary);
        d.put("summary", "summary.json");
        d.put("values", values.size());
        return StepResult.completed(d);
    }

    /** A file as UTF-8; invalid bytes are an error naming the file and the offset, never a silent replacement. */
    private static String utf8(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file.getFileName() + " is not valid UTF-8 text (" + e.getMessage() + ")");
        }
    }

    private static boolean matches(String pattern, String file) {
        return pattern.equals(file) || java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + pattern).matches(Path.of(file));
    }
}
