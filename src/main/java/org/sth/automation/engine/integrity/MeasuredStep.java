package org.sth.automation.engine.integrity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.sth.automation.adapter.spi.BenchmarkAdapter;
import org.sth.automation.adapter.spi.IntegritySettings;
import org.sth.automation.adapter.spi.Measurement;
import org.sth.automation.adapter.spi.StepContext;
import org.sth.automation.adapter.spi.StepResult;
import org.sth.automation.engine.RunContext;
import org.sth.automation.host.quiet.QuietSample;
import org.sth.automation.host.quiet.QuietThresholds;
import org.sth.automation.host.quiet.QuietVerdict;
import org.sth.automation.io.Json;

/**
 * A benchmark's execute step with its measurement around it: a quiet-host sample before (under {@code wait}, again until
 * the host is not noisy or the wait is over; under {@code refuse}, a noisy host blocks the step), samples during it at
 * its heartbeat interval and one after; the step itself once, or repeated until its runs agree ({@link Repetitions}).
 * The verdict over the samples and the repetition summary go into the step's details ({@code quiet}, {@code repetition}),
 * which the status, the run page and the disclosure show.
 */
public final class MeasuredStep {

    private MeasuredStep() {
    }

    /** Runs {@code adapter}'s execute step for {@code step}'s benchmark under its measurement. */
    public static StepResult execute(RunContext ctx, BenchmarkAdapter adapter, StepContext step) {
        String name = step.benchmark();
        Measurement m = ctx.adapters().measurement(name, ctx.config());
        QuietThresholds t = IntegritySettings.of(ctx.config()).quiet();
        Duration every = ctx.adapters().spec(name, ctx.config()).heartbeat(ctx.config().execution());
        try (QuietSampler sampler = new QuietSampler(ctx, name, t)) {
            Instant waitStart = Instant.now();
            QuietSample before = sampler.take("before");
            while (m.quietPolicy() == Measurement.QuietPolicy.WAIT && QuietVerdict.of(before, t).noisy()
                    && Duration.between(waitStart, Instant.now()).compareTo(m.quietWait()) < 0
                    && pause(every, m.quietWait().minus(Duration.between(waitStart, Instant.now())))) {
                before = sampler.take("before");
            }
            long waited = Duration.between(waitStart, Instant.now()).toSeconds();
            QuietVerdict first = QuietVerdict.of(before, t);
            if (m.quietPolicy() == Measurement.QuietPolicy.REFUSE && first.noisy()) {
                ObjectNode d = Json.object();
                d.set("quiet", quiet(m, first, 1, waited));
                return StepResult.blocked("the host was not quiet before the step (quiet_policy refuse): " + String.join("; ", first.reasons()), d);
            }
            sampler.startDuring(every);
            StepResult result;
            try {
                result = m.repeats() ? Repetitions.run(adapter, step, m, adapter.numericResult().orElseThrow()) : adapter.execute(step);
            } finally {
                sampler.stopDuring();
            }
            List<QuietSample> samples = new ArrayList<>();
            samples.add(before);
            samples.addAll(sampler.stopDuring());
            samples.add(sampler.take("after"));
            QuietVerdict verdict = QuietVerdict.of(samples, t);
            ObjectNode d = result.details().deepCopy();
            d.set("quiet", quiet(m, verdict, samples.size(), waited));
            return new StepResult(result.outcome(), d);
        }
    }

    /** The {@code quiet} block of the step's details. */
    private static ObjectNode quiet(Measurement m, QuietVerdict v, int samples, long waitedSecs) {
        ObjectNode q = v.toJson();
        q.put("policy", m.quietPolicy().id());
        q.put("samples", samples);
        q.put("samples_file", QuietSampler.FILE);
        if (m.quietPolicy() == Measurement.QuietPolicy.WAIT) {
            q.put("waited_secs", waitedSecs);
        }
        if (m.quietPolicy() == Measurement.QuietPolicy.REFUSE && v.noisy()) {
            q.put("publish", "refused");
        }
        return q;
    }

    /** Waits until the next try; false when the controller is stopping (interrupted): then the step decides with what it has. */
    private static boolean pause(Duration every, Duration left) {
        long ms = Math.max(0, Math.min(every.toMillis(), left.toMillis()));
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
