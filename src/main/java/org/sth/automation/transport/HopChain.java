package org.sth.automation.transport;

import java.util.List;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * The authenticated sessions of one host's chain, controller side first, the target last. The jump hops are shared
 * with every other chain through them ({@link SharedHops}): closing a chain closes its own target session and the
 * forwarding it rode on, and gives its jump hops back.
 */
final class HopChain implements AutoCloseable {

    private final List<ClientSession> sessions;
    private final List<SharedHops.Hold> jumps;
    private final SshdSocketAddress targetForward;

    /**
     * @param sessions      every hop's session, the target last
     * @param jumps         the holds on the shared jump sessions, in chain order (empty for a direct host)
     * @param targetForward the local forwarding on the last jump that the target's connection rides on, or null
     */
    HopChain(List<ClientSession> sessions, List<SharedHops.Hold> jumps, SshdSocketAddress targetForward) {
        this.sessions = List.copyOf(sessions);
        this.jumps = List.copyOf(jumps);
        this.targetForward = targetForward;
    }

    ClientSession target() {
        return sessions.get(sessions.size() - 1);
    }

    boolean isOpen() {
        return sessions.stream().allMatch(s -> s.isOpen() && !s.isClosing());
    }

    @Override
    public void close() {
        target().close(true);
        if (targetForward != null && !jumps.isEmpty()) {
            jumps.get(jumps.size() - 1).stopForwarding(targetForward);
        }
        // last jump first: each rides on the forwarding of the one before it
        for (int i = jumps.size() - 1; i >= 0; i--) {
            jumps.get(i).release();
        }
    }
}
