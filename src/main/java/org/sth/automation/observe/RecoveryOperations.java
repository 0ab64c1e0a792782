package org.sth.automation.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The recovery queue as agents drive it, over JMX and HTTP (the CLI's {@code replay} does the same): list every parked
 * message with its error summary, replay one, replay a phase's all. Each answer is an {@link AgentResult} document.
 * The controller provides it; the views only call it.
 */
public interface RecoveryOperations {

    /** Every message in every recovery queue, with its error summary. */
    ObjectNode list();

    /** Moves one parked message ({@code <phase>/<name>}, a run id or a path) back into its spool and records the resume. */
    ObjectNode replay(String id);

    /** Replays every message parked in {@code phase}'s recovery queue. */
    ObjectNode replayAll(String phase);
}
