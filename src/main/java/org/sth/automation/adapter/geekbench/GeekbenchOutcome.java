package org.sth.automation.adapter.geekbench;

/** What a Geekbench console capture shows happened. */
public enum GeekbenchOutcome {
    /** Upload succeeded and the result URL was printed (no claim URL in the capture). */
    UPLOADED("uploaded"),
    /** Upload succeeded with both the result URL and the claim URL. */
    UPLOADED_WITH_CLAIM("uploaded_with_claim"),
    /** A licensed offline run ({@code --no-upload}, Pro/Corporate) printed its scores. */
    OFFLINE_SCORES("offline_scores"),
    /** The benchmark started (system information or workloads) but no result section followed: Ctrl-C, crash, cut. */
    INTERRUPTED("interrupted"),
    /** Only the start-up banner (tryout / upgrade text) was printed; nothing ran. */
    TRYOUT_BANNER_ONLY("tryout_banner_only"),
    /** No Geekbench run at all (help text, wrapper errors, empty capture). */
    FAILED("failed");

    private final String key;

    GeekbenchOutcome(String key) {
        this.key = key;
    }

    /** The value written to JSON. */
    public String key() {
        return key;
    }
}
