package org.sth.automation.transport;

import java.util.List;
import org.apache.sshd.client.session.ClientSession;

/** The authenticated sessions of one host's chain, controller side first, the target last. */
final class HopChain implements AutoCloseable {

    private final List<ClientSession> sessions;

    HopChain(List<ClientSession> sessions) {
        this.sessions = List.copyOf(sessions);
    }

    ClientSession target() {
        return sessions.get(sessions.size() - 1);
    }

    boolean isOpen() {
        return sessions.stream().allMatch(s -> s.isOpen() && !s.isClosing());
    }

    @Override
    public void close() {
        // target first: each session rides on the forwarding of the previous one
        for (int i = sessions.size() - 1; i >= 0; i--) {
            sessions.get(i).close(true);
        }
    }
}
