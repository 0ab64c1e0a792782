package org.sth.automation.observe;

/** JMX view ({@code org.sth.automation:type=Runs}) of the runs this controller knows. */
public interface RunsMXBean {

    /** One line per run: id, state, phase, step, monitoring state, heartbeat age, run directory. */
    String[] getRuns();

    /** The full status.json of a run (with fresh derived blocks), by run id; empty when unknown. */
    String statusJson(String runId);
}
