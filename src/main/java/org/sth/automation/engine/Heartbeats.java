package org.sth.automation.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.sth.automation.io.Json;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.status.Phase;

/**
 * Heartbeat events while a step runs, at the run's interval, for every step of every phase (discover, preflight,
 * per-benchmark steps, publish pushes, finalize cleanup): a step that takes time is never mistaken for a stall.
 * Each beat says how long the step has run and, for a step under a ceiling, the ceiling.
 */
final class Heartbeats {

    private static final ScheduledExecutorService BEATS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sth-heartbeat");
        t.setDaemon(true);
        return t;
    });

    private Heartbeats() {
    }

    /** A running heartbeat; closing it stops the beats. */
    interface Beat extends AutoCloseable {
        @Override
        void close();
    }

    /** Beats until the returned handle is closed. */
    static Beat start(RunStore store, String adapter, Phase phase, Duration interval, Duration ceiling) {
        Instant started = Instant.now();
        long every = Math.max(100, interval.toMillis());
        ScheduledFuture<?> beat = BEATS.scheduleAtFixedRate(org.sth.automation.run.RunFence.carrying(() -> {
            ObjectNode probe = Json.object().put("controller", "alive")
                    .put("elapsed_secs", Duration.between(started, Instant.now()).toSeconds());
            if (ceiling != null) {
                probe.put("ceiling_secs", ceiling.toSeconds());
            }
            store.heartbeat(adapter, phase, probe);
        }), every, every, TimeUnit.MILLISECONDS);
        return () -> beat.cancel(false);
    }
}
