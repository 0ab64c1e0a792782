package org.sth.automation.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.host.HostFacts;

/** The single entry both {@code validate --scope staging} (dry) and live preflight call: resolve, then classify. */
public final class StagingReadiness {

    /**
     * The outcome for one adapter on one host.
     *
     * @param resolution what the resolver chose and refused
     * @param readiness  how the classifier rated it
     */
    public record Assessment(Resolution resolution, Readiness readiness) {

        /** Readiness JSON with the packaging provenance under {@code packaging}. */
        public ObjectNode toJson() {
            ObjectNode n = readiness.toJson();
            n.set("packaging", resolution.toJson());
            return n;
        }
    }

    private StagingReadiness() {
    }

    /** The outcome under a config: its bundle sources, and the required commands it accepts missing. */
    public static Assessment assess(AutomationConfig config, Needs spec, HostFacts host) {
        return assess(spec.allowingMissing(config.execution().allowMissing(spec.benchmark())), host, StagingSources.of(config, spec));
    }

    public static Assessment assess(Needs spec, HostFacts host, BundleSources sources) {
        Resolution r = host.reachable() ? BundleResolver.resolve(spec, host, sources)
                : new Resolution(spec.benchmark(), null, null, null, List.of(), List.of());
        return new Assessment(r, ReadinessClassifier.classify(spec, r, host));
    }
}
