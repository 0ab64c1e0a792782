package org.sth.automation.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.sth.automation.io.Json;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.status.RunState;

/**
 * Broker mode's watchdog over the runs queued behind their host's holder (the leader runs it). Such a run's message comes
 * back after each defer delay and is queued again, and each time its waiting marker is touched ({@link HostHolders}). A
 * message may wait longer for a while, in its queue behind the one consumer that owns its host's group; but one that has
 * not come back for {@code after} (a few defer delays) and that the broker does not hold either, twice in a row, is
 * lost: the run is queued again (a spool file the leader's bridge sends), with a {@code run_requeued} event. Should the
 * first message come back after all, the admit step lets one copy run the phase ({@code run.RunFence}).
 */
public final class StuckRuns {

    private final WorkDirs dirs;
    private final HostHolders holders;
    private final Duration after;
    private final Clock clock;
    // run id -> looks in a row that found its message neither back nor in the broker
    private final Map<String, Integer> missed = new HashMap<>();

    public StuckRuns(WorkDirs dirs, HostHolders holders, Duration after, Clock clock) {
        this.dirs = dirs;
        this.holders = holders;
        this.after = after;
        this.clock = clock;
    }

    /**
     * One look over the waiting runs; returns the ids of the runs queued again.
     *
     * @param inBroker whether the broker holds the run's message now (in its queue, waiting for a consumer)
     */
    public synchronized List<String> requeue(Predicate<PhaseMessage> inBroker) {
        Instant now = clock.instant();
        List<String> requeued = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (HostHolders.Waiting w : holders.waiting()) {
            PhaseMessage m = w.message();
            seen.add(m.runId());
            RunStore store;
            ObjectNode status;
            try {
                store = RunStore.open(m.runDir());
                status = store.statusSnapshot();
            } catch (RuntimeException gone) {
                holders.notWaiting(m);
                continue;
            }
            RunState state = RunState.of(status.path("state").asText());
            if (state.isSettled()) {
                // finished, parked or stopped by an operator: nothing waits for the host any more
                holders.notWaiting(m);
                missed.remove(m.runId());
                continue;
            }
            if (state != RunState.QUEUED || Duration.between(w.lastBack(), now).compareTo(after) < 0 || inBroker.test(m)) {
                missed.remove(m.runId());
                continue;
            }
            // twice in a row: a message between its due time and the next deferral is in neither place for a moment
            if (missed.merge(m.runId(), 1, Integer::sum) < 2) {
                continue;
            }
            dirs.enqueue(m.toPhase(m.phase()));
            holders.markWaiting(m);
            store.appendEvent("run_requeued", Json.object().put("phase", m.phase().id()).put("host", m.host())
                    .put("behind_run", status.path("waiting").path("behind_run").asText(null))
                    .put("reason", "queued behind its host's holder, its message last came back "
                            + Duration.between(w.lastBack(), now).toMillis() + " ms ago and the broker does not hold it: it was lost"));
            missed.remove(m.runId());
            requeued.add(m.runId());
        }
        missed.keySet().retainAll(seen);
        return requeued;
    }
}
