package org.sth.automation.adapter.latency;

/** How two CPUs relate in the topology. */
public enum PairClass {
    /** Both hardware threads of one physical core. */
    SMT_SIBLING("smt_sibling", "SMT siblings (same core)"),
    /** Different cores of the same socket. */
    SAME_SOCKET("same_socket", "Same socket, different cores"),
    /** Different sockets. */
    CROSS_SOCKET("cross_socket", "Cross socket"),
    /** A CPU the topology does not list. */
    UNCLASSIFIED("unclassified", "Not in topology");

    private final String key;
    private final String title;

    PairClass(String key, String title) {
        this.key = key;
        this.title = title;
    }

    /** The JSON key. */
    public String key() {
        return key;
    }

    /** The markdown label. */
    public String title() {
        return title;
    }
}
