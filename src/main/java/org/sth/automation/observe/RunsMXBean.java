package org.sth.automation.observe;

/** JMX view ({@code org.sth.automation:type=Runs}) of the runs this controller knows, and its recovery queue. */
public interface RunsMXBean {

    /** One line per run: id, state, phase, step, monitoring state, heartbeat age, run directory. */
    String[] getRuns();

    /** The full status.json of a run (with fresh derived blocks), by run id; empty when unknown. */
    String statusJson(String runId);

    /** Every message in every recovery queue with its error summary: the {@code replay --list --json} document. */
    String replayList();

    /** Replays one recovery message ({@code <phase>/<name>}, run id or path); the {@code replay --json} document. */
    String replay(String id);

    /** Replays every message of one phase's recovery queue; the {@code replay --phase P --all --json} document. */
    String replayAll(String phase);
}
