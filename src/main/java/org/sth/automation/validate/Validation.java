package org.sth.automation.validate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.sth.automation.adapter.spi.AdapterRegistry;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.HostConfig;
import org.sth.automation.io.Json;
import org.sth.automation.io.Shell;
import org.sth.automation.publish.PublishValidation;
import org.sth.automation.publish.PullRequests;
import org.sth.automation.run.StatusDerivation;
import org.sth.automation.transport.SecretSource;
import org.sth.automation.transport.SshTransport;
import org.sth.automation.transport.TransportListener;

/** Runs one {@code validate} scope beyond {@code config} and reports it as one JSON document with an overall {@code ok}. */
public final class Validation {

    private Validation() {
    }

    /** The report of {@code scope} for {@code hosts} and {@code benchmarks} (benchmarks matter to staging and publish). */
    public static ObjectNode report(AutomationConfig cfg, AdapterRegistry adapters, Scope scope, List<HostConfig> hosts,
            List<String> benchmarks, SecretSource secrets) {
        List<AdapterSpec> specs = benchmarks.stream().map(n -> adapters.spec(n, cfg)).toList();
        if (scope == Scope.PUBLISH) {
            return publish(cfg, specs);
        }
        ObjectNode report = Json.object();
        report.put("schema_version", 1);
        report.put("config", cfg.source().toString());
        report.put("scope", scope.id());
        ArrayNode list = report.putArray("hosts");
        boolean allOk = true;
        try (SshTransport transport = new SshTransport(cfg.ssh(), cfg.authRefs(), secrets, TransportListener.NONE)) {
            for (HostConfig h : hosts) {
                ObjectNode entry = list.addObject().put("host", h.name());
                boolean reachable = true;
                if (scope != Scope.STAGING) {
                    reachable = ConnectivityCheck.probe(transport, h, entry);
                    allOk &= reachable;
                }
                if (scope == Scope.STAGING) {
                    allOk &= StagingCheck.dry(cfg, specs, StagingCheck.predict(cfg, specs, h), entry);
                    // the prediction's assumptions, checked on the host: a command that works verbatim
                    entry.put("live_check_command", Shell.command(StatusDerivation.LAUNCHER, "validate", "--config",
                            cfg.source().toAbsolutePath().toString(), "--host", h.name(), "--scope", "all", "--benchmarks", String.join(",", benchmarks)));
                    String[] basis = new String[1];
                    StagingCheck.plans(cfg, adapters, benchmarks, StagingCheck.cachedTopology(cfg, h, basis), basis[0], entry);
                } else if (scope == Scope.ALL) {
                    StagingCheck.Probed probed = StagingCheck.live(transport, h, specs, reachable);
                    allOk &= StagingCheck.validated(cfg, specs, StagingCheck.predict(cfg, specs, h), probed.facts(), entry);
                    StagingCheck.plans(cfg, adapters, benchmarks, probed.topology(), probed.topology() != null ? "live: probed on the host now"
                            : reachable ? "live: the host reported no CPU topology" : "live: host unreachable", entry);
                }
            }
        }
        if (scope == Scope.ALL) {
            ObjectNode publish = publish(cfg, specs);
            report.set("publish", publish);
            allOk &= publish.path("ok").asBoolean();
        }
        report.put("ok", allOk);
        return report;
    }

    private static ObjectNode publish(AutomationConfig cfg, List<AdapterSpec> specs) {
        return new PublishValidation(PullRequests.fromEnvironment()).report(cfg, specs.stream().map(AdapterSpec::publishSubject).toList());
    }
}
