package org.sth.automation.transport;

import java.util.List;

/**
 * Observes every command and transfer a {@link RemoteSession} performs, so ledgers are written by
 * construction rather than by each caller. Commands arrive already redacted.
 */
public interface TransportListener {

    TransportListener NONE = new TransportListener() {
    };

    /** Called after every remote command, whatever its outcome; {@code hops} is the chain used. */
    default void onCommand(String host, List<String> hops, CommandResult result) {
    }

    /** Called after every transfer, whatever its outcome. */
    default void onTransfer(String host, List<String> hops, TransferResult result) {
    }
}
