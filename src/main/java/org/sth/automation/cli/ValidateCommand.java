package org.sth.automation.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.config.HostConfig;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.phase.Engines;
import org.sth.automation.publish.PublishValidation;
import org.sth.automation.publish.PullRequests;
import org.sth.automation.run.Json;
import org.sth.automation.transport.ConnectivityProbe;
import org.sth.automation.transport.HopReport;
import org.sth.automation.transport.SecretSource;
import org.sth.automation.transport.SshTransport;
import org.sth.automation.transport.TransportListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code validate}: checks the config ({@code --scope config}) and probes every hop ({@code --scope connectivity}). */
@Command(name = "validate", description = "Validate the config (exit 2 when bad) and, with --scope connectivity or all, probe every hop (exit 1 when unreachable).")
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "The TOML config file.")
    Path config;

    @Option(names = "--host", split = ",", description = "Limit connectivity checks to these hosts (default: all).")
    List<String> hosts;

    @Option(names = "--scope", defaultValue = "config", description = "config | connectivity | publish | all (default ${DEFAULT-VALUE}).")
    String scope;

    SecretSource secrets = SecretSource.ENVIRONMENT;

    @Override
    public Integer call() {
        if (!List.of("config", "connectivity", "publish", "all").contains(scope)) {
            Output.err(spec).println("error: --scope must be config, connectivity, publish or all (got '" + scope + "')");
            return Main.USAGE;
        }
        AutomationConfig cfg = ConfigLoader.load(config);
        List<HostConfig> selected = hosts == null ? cfg.hosts() : hosts.stream().map(h -> ConfigLoader.requireHost(cfg, h)).toList();
        if (scope.equals("publish")) {
            Adapters adapters = Engines.standardAdapters();
            ObjectNode report = new PublishValidation(PullRequests.fromEnvironment()).report(cfg,
                    adapters.names().stream().map(n -> adapters.require(n).spec()).toList());
            Output.out(spec).print(new String(Json.pretty(report), java.nio.charset.StandardCharsets.UTF_8));
            Output.out(spec).flush();
            return report.path("ok").asBoolean() ? Main.OK : Main.FAILED;
        }
        if (scope.equals("config")) {
            Output.out(spec).println("Config OK: " + cfg.source());
            for (HostConfig h : selected) {
                StringBuilder chain = new StringBuilder();
                h.chain().forEach(hop -> chain.append(chain.isEmpty() ? "" : " -> ").append(hop.name()).append(" (")
                        .append(hop.address()).append(", ").append(DryRun.auth(cfg, hop.authRef(), secrets)).append(')'));
                Output.out(spec).println("  host " + h.name() + ": " + chain);
            }
            Output.out(spec).flush();
            return Main.OK;
        }
        ObjectNode report = Json.object();
        report.put("schema_version", 1);
        report.put("config", cfg.source().toString());
        ArrayNode list = report.putArray("hosts");
        boolean allOk = true;
        try (SshTransport transport = new SshTransport(cfg.ssh(), cfg.authRefs(), secrets, TransportListener.NONE)) {
            ConnectivityProbe probe = new ConnectivityProbe(transport);
            for (HostConfig h : selected) {
                List<HopReport> hops = probe.probe(h);
                boolean ok = hops.stream().allMatch(HopReport::ok);
                allOk &= ok;
                ObjectNode entry = list.addObject().put("host", h.name()).put("reachable", ok);
                ArrayNode hopArr = entry.putArray("hops");
                for (HopReport r : hops) {
                    hopArr.add(Json.MAPPER.valueToTree(r));
                }
            }
        }
        report.put("ok", allOk);
        Output.out(spec).print(new String(Json.pretty(report), java.nio.charset.StandardCharsets.UTF_8));
        Output.out(spec).flush();
        return allOk ? Main.OK : Main.FAILED;
    }
}
