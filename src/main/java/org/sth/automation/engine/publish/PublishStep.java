package org.sth.automation.engine.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.adapter.spi.StepResult;
import org.sth.automation.engine.RunContext;
import org.sth.automation.engine.integrity.Disclosure;
import org.sth.automation.io.Json;
import org.sth.automation.publish.PublishLedger;
import org.sth.automation.publish.PublishService;
import org.sth.automation.publish.PullRequests;
import org.sth.automation.run.RunLayout;

/**
 * The publish step of one benchmark: runs {@link PublishService} (stage, commit, push, PR) and maps its state to
 * the step outcome: {@code completed} for a terminal success of the configured target, else {@code blocked}
 * with the publish state as reason. Every published result carries its {@link Disclosure}; one whose host was noisy
 * under {@code quiet_policy = "refuse"} is not published ({@code blocked}, {@code refused_by: quiet_policy}).
 */
public final class PublishStep {

    private final PullRequests pullRequests;

    public PublishStep() {
        this(PullRequests.fromEnvironment());
    }

    public PublishStep(PullRequests pullRequests) {
        this.pullRequests = pullRequests;
    }

    /** Publishes one benchmark's results; a benchmark with no result files has nothing to publish. */
    public StepResult publish(RunContext ctx, AdapterSpec spec) {
        if (spec.resultFiles().isEmpty()) {
            return StepResult.completed(Json.object().put("reason", "no results to publish"));
        }
        // the disclosure goes into the results first, so the commit carries it; a result the quiet-host policy refuses stays here
        ObjectNode disclosure = Disclosure.write(ctx, spec);
        java.util.Optional<String> refused = Disclosure.refusal(disclosure);
        if (refused.isPresent()) {
            return StepResult.blocked(refused.get(), Json.object().put("refused_by", "quiet_policy").put("disclosure",
                    ctx.layout().relative(ctx.layout().benchmarkDir(spec.name()).resolve(Disclosure.FILE))));
        }
        PublishService s = new PublishService(pullRequests, (event, fields) -> ctx.store().appendEvent(event, fields));
        PublishService.Result r = s.publish(ctx.config(), ctx.layout(), ctx.plan(), spec.publishSubject());
        ObjectNode details = r.entry();
        if (r.success()) {
            return StepResult.completed(details);
        }
        return StepResult.blocked(r.state().id(), details);
    }

    /** The entry recorded for an adapter, if any. */
    public static JsonNode entry(RunLayout layout, String adapter) {
        return new PublishLedger(layout).entry(adapter);
    }
}
