package org.sth.automation.run.doc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.sth.automation.io.Json;
import org.sth.automation.run.status.RunState;

/**
 * One run as a result document lists it ({@code runs[]}): what it is, where it stands, whether it is alive and what to
 * do next. {@code monitoring} has the shape of {@code status.json}'s (without the per-phase block); {@code waiting_for}
 * and {@code heartbeat_age_secs} repeat two of its fields for readers of the first version.
 */
@DocumentRecord
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunSummary(String runId, String requestId, String host, RunState state, String phase, String step,
        Monitoring monitoring, String waitingFor, Long heartbeatAgeSecs, String runDir, String createdAt, String updatedAt,
        JsonNode primaryAlert, String nextCommand, List<String> nextCommands) {

    /** {@code runs[].monitoring}. */
    @DocumentRecord
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Monitoring(String state, String waitingFor, String summary, Long heartbeatAgeSecs, boolean heartbeatFresh,
            Long heartbeatIntervalSecs, String derivedAt, String staleAfter) {
    }

    /** The summary of a status with its derived blocks. */
    public static RunSummary of(RunStatus s) {
        RunStatus.Monitoring m = s.monitoring();
        return new RunSummary(s.runId(), s.requestId(), s.host(), s.state(), s.phase(), s.step(),
                new Monitoring(m.state(), m.waitingFor(), m.summary(), m.heartbeatAgeSecs(), m.heartbeatFresh(), m.heartbeatIntervalSecs(),
                        m.derivedAt(), m.staleAfter()),
                m.waitingFor(), m.heartbeatAgeSecs(), s.runDir(), s.createdAt(), s.updatedAt(),
                s.alerts().primary() == null ? null : s.alerts().primary().deepCopy(), s.nextCommand(), s.nextCommands());
    }

    /** As JSON, field order as declared. */
    public ObjectNode toJson() {
        return Json.MAPPER.valueToTree(this);
    }
}
