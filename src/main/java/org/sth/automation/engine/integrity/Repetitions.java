package org.sth.automation.engine.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sth.automation.adapter.spi.BenchmarkAdapter;
import org.sth.automation.adapter.spi.Measurement;
import org.sth.automation.adapter.spi.NumericResult;
import org.sth.automation.adapter.spi.ResultFormatException;
import org.sth.automation.adapter.spi.StepContext;
import org.sth.automation.adapter.spi.StepResult;
import org.sth.automation.io.Json;

/**
 * Runs a benchmark's execute step again and again: {@code repeat = N} times, or with {@code repeat = "auto"} until the
 * numbers agree (every metric's spread at most {@code max_spread_percent}, after at least {@code min_runs}) or
 * {@code max_runs} is reached, never past the step's ceiling (a run that would not fit is not started). Each run is
 * executed and collected into {@code iterations/<n>/} and kept; {@code repetitions.json} holds every run's numbers,
 * the statistics and the verdict, rewritten after each run so a resume reuses the runs already collected.
 */
final class Repetitions {

    static final String FILE = "repetitions.json";

    private Repetitions() {
    }

    /** The step's result: the last run's execute details with the {@code repetition} summary, or the first run that failed. */
    static StepResult run(BenchmarkAdapter adapter, StepContext step, Measurement m, NumericResult numbers) {
        Duration ceiling = step.ceiling();
        Instant start = Instant.now();
        Path file = step.resultsDir().resolve(FILE);
        JsonNode earlier = Files.exists(file) ? Json.read(file) : Json.object();
        int limit = m.auto() ? m.maxRuns() : m.repeat();
        List<Map<String, Double>> values = new ArrayList<>();
        ArrayNode runs = Json.array();
        Duration longest = Duration.ZERO;
        StepResult last = null;
        String stop = m.auto() ? "max_runs" : "count";
        for (int i = 1; i <= limit; i++) {
            Duration elapsed = Duration.between(start, Instant.now());
            if (i > 1 && elapsed.plus(longest).compareTo(ceiling) > 0) {
                stop = "ceiling";
                break;
            }
            IterationContext it = new IterationContext(step, i, ceiling.minus(elapsed).compareTo(Duration.ofSeconds(1)) < 0
                    ? Duration.ofSeconds(1) : ceiling.minus(elapsed));
            Instant began = Instant.now();
            ObjectNode run = runs.addObject().put("run", i).put("started_at", began.toString());
            StepResult r = reused(earlier, i, it, numbers).orElse(null);
            if (r == null) {
                r = once(adapter, it);
            }
            run.put("ended_at", Instant.now().toString()).put("outcome", r.outcome().id());
            run.set("execute", r.details());
            longest = max(longest, Duration.between(began, Instant.now()));
            last = r;
            if (!r.isCompleted()) {
                stop = "run " + i + " " + r.outcome().id();
                write(file, step, m, runs, values, stop);
                ObjectNode d = r.details().deepCopy();
                d.set("repetition", summary(m, values, stop));
                return new StepResult(r.outcome(), d);
            }
            Map<String, Double> v = numbers.read(it.resultsDir());
            values.add(v);
            ObjectNode got = run.putObject("values");
            v.forEach(got::put);
            write(file, step, m, runs, values, stop);
            if (m.auto() && i >= m.minRuns() && RunStatistics.AGREED.equals(RunStatistics.of(values).verdict(i, m.maxSpreadPercent()))) {
                stop = "agreed";
                break;
            }
        }
        write(file, step, m, runs, values, stop);
        ObjectNode d = last.details().deepCopy();
        d.set("repetition", summary(m, values, stop));
        return StepResult.completed(d);
    }

    /** One run: execute, then collect into its own folder; a result that cannot be read fails the run. */
    private static StepResult once(BenchmarkAdapter adapter, IterationContext it) {
        StepResult e = adapter.execute(it);
        if (!e.isCompleted()) {
            return e;
        }
        it.executed(e.details());
        StepResult c;
        try {
            c = adapter.collect(it);
        } catch (ResultFormatException bad) {
            c = StepResult.failed(bad.getMessage(), Json.object());
        }
        if (!c.isCompleted()) {
            ObjectNode d = e.details().deepCopy();
            d.put("reason", "collecting run " + it.resultsDir().getFileName() + ": " + c.details().path("reason").asText());
            return new StepResult(c.outcome(), d);
        }
        return e;
    }

    /** A run an earlier attempt of this step already collected (a resume): its numbers are on disk, it is not run again. */
    private static java.util.Optional<StepResult> reused(JsonNode earlier, int i, IterationContext it, NumericResult numbers) {
        if (!Files.exists(it.resultsDir().resolve(numbers.file()))) {
            return java.util.Optional.empty();
        }
        for (JsonNode r : earlier.path("iterations")) {
            if (r.path("run").asInt() == i && "completed".equals(r.path("outcome").asText())) {
                return java.util.Optional.of(StepResult.completed(((ObjectNode) r.path("execute")).deepCopy().put("reused", true)));
            }
        }
        return java.util.Optional.empty();
    }

    private static void write(Path file, StepContext step, Measurement m, ArrayNode runs, List<Map<String, Double>> values, String stop) {
        ObjectNode o = Json.object();
        o.put("schema_version", 1);
        o.put("benchmark", step.benchmark());
        o.put("run_id", step.plan().runId());
        o.setAll(summary(m, values, stop));
        o.set("iterations", runs);
        Json.writeAtomically(file, o);
    }

    /** The {@code repetition} block: policy, runs, why it stopped, the statistics and the verdict. */
    static ObjectNode summary(Measurement m, List<Map<String, Double>> values, String stop) {
        RunStatistics stats = RunStatistics.of(values);
        String verdict = stats.verdict(values.size(), m.maxSpreadPercent());
        ObjectNode o = Json.object();
        o.put("repeat", m.auto() ? "auto" : Integer.toString(m.repeat()));
        o.put("runs", values.size());
        o.put("max_spread_percent", m.maxSpreadPercent());
        if (m.auto()) {
            o.put("min_runs", m.minRuns()).put("max_runs", m.maxRuns());
        }
        o.put("stopped", stop);
        o.put("verdict", verdict);
        o.put("flagged", !RunStatistics.AGREED.equals(verdict));
        o.put("largest_spread_percent", Double.isInfinite(stats.largestSpread()) ? null : RunStatistics.round(stats.largestSpread()));
        o.set("metrics", stats.toJson());
        o.put("file", FILE);
        return o;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
