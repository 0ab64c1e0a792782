package org.sth.automation.transport;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * One authenticated session per jump hop, shared by every target behind it, as OpenSSH's ControlMaster on the jump
 * would: the targets' connections are direct-tcpip channels through that one session. A hop is keyed by the whole
 * chain up to it (user, address and auth ref of each hop), so two chains share a hop only when they reach it the same
 * way. A dead shared session is replaced once, by the first chain that needs it again; every other chain waiting for
 * that hop gets the new one. A session is closed when the last chain holding it is closed.
 */
final class SharedHops {

    /** One chain's hold on a shared jump session. */
    final class Hold {
        private final Entry entry;
        private boolean released;

        private Hold(Entry entry) {
            this.entry = entry;
        }

        ClientSession session() {
            return entry.session;
        }

        String fingerprint() {
            return entry.fingerprint;
        }

        void stopForwarding(SshdSocketAddress local) {
            if (entry.session.isOpen()) {
                try {
                    entry.session.stopLocalPortForwarding(local);
                } catch (IOException | RuntimeException e) {
                    // the forwarding goes with the session anyway
                }
            }
        }

        void release() {
            synchronized (lockOf(entry.key)) {
                if (released) {
                    return;
                }
                released = true;
                if (--entry.holds == 0) {
                    entries.remove(entry.key, entry);
                    entry.session.close(true);
                    if (entry.opened.via() != null && entry.opened.via().isOpen()) {
                        try {
                            entry.opened.via().stopLocalPortForwarding(entry.opened.forward());
                        } catch (IOException | RuntimeException e) {
                            // it goes with the session before it anyway
                        }
                    }
                }
            }
        }
    }

    /** A live or dead shared session and how many chains hold it. */
    private static final class Entry {
        final String key;
        final ClientSession session;
        final String fingerprint;
        final Opened opened;
        int holds;

        Entry(String key, Opened opened) {
            this.key = key;
            this.session = opened.session();
            this.fingerprint = opened.fingerprint();
            this.opened = opened;
        }
    }

    /**
     * A new session to a hop: the session, the host key fingerprint it presented, and, when it was reached through
     * the hop before it, that hop's session and the local forwarding it rides on (null for the first hop).
     */
    record Opened(ClientSession session, String fingerprint, ClientSession via, SshdSocketAddress forward) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private int opened;

    private Object lockOf(String key) {
        return locks.computeIfAbsent(key, k -> new Object());
    }

    /**
     * The shared session of the hop {@code key}, opened by {@code open} when there is none or the one there died;
     * {@code reused} says which happened.
     */
    Hold hold(String key, Supplier<Opened> open, boolean[] reused) {
        synchronized (lockOf(key)) {
            Entry e = entries.get(key);
            if (e != null && e.session.isOpen() && !e.session.isClosing()) {
                e.holds++;
                reused[0] = true;
                return new Hold(e);
            }
            Opened o = open.get();
            Entry fresh = new Entry(key, o);
            fresh.holds = 1;
            entries.put(key, fresh);
            synchronized (this) {
                opened++;
            }
            reused[0] = false;
            return new Hold(fresh);
        }
    }

    /** How many jump sessions were opened so far (each one authentication on its hop). */
    synchronized int opened() {
        return opened;
    }

    /** How many jump sessions are open now. */
    int open() {
        return (int) entries.values().stream().filter(e -> e.session.isOpen()).count();
    }

    void closeAll() {
        entries.values().forEach(e -> e.session.close(true));
        entries.clear();
    }
}
