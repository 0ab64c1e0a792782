package org.sth.automation.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.host.DryFacts;
import org.sth.automation.host.HostFacts;
import org.sth.automation.host.LiveFacts;
import org.sth.automation.bundle.StagingReadiness;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.host.HostDiscovery;
import org.sth.automation.engine.preflight.Preflight;
import org.sth.automation.transport.RemoteCommand;
import org.sth.automation.transport.RemoteSession;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.config.HostConfig;
import org.sth.automation.adapter.spi.AdapterRegistry;
import org.sth.automation.engine.Engines;
import org.sth.automation.publish.PublishValidation;
import org.sth.automation.publish.PullRequests;
import org.sth.automation.io.Json;
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

    @Option(names = "--benchmarks", split = ",", description = "Benchmarks whose staging readiness to check (default system-info,latency).")
    List<String> benchmarks;

    @Option(names = "--scope", defaultValue = "config",
            description = "config | connectivity | staging (dry) | publish | all (connectivity + live staging + publish) (default ${DEFAULT-VALUE}).")
    String scope;

    SecretSource secrets = SecretSource.ENVIRONMENT;

    @Override
    public Integer call() {
        if (!List.of("config", "connectivity", "staging", "publish", "all").contains(scope)) {
            Output.err(spec).println("error: --scope must be config, connectivity, staging, publish or all (got '" + scope + "')");
            return Main.USAGE;
        }
        AutomationConfig cfg = ConfigLoader.load(config);
        Engines.standardAdapters().checkConfig(cfg);
        List<HostConfig> selected = hosts == null ? cfg.hosts() : hosts.stream().map(h -> ConfigLoader.requireHost(cfg, h)).toList();
        if (scope.equals("publish")) {
            AdapterRegistry adapters = Engines.standardAdapters();
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
        List<String> names = benchmarks != null ? benchmarks : List.of("system-info", "latency");
        AdapterRegistry adapters = Engines.standardAdapters();
        List<AdapterSpec> specs = names.stream().map(n -> adapters.require(n).spec()).toList();
        ObjectNode report = Json.object();
        report.put("schema_version", 1);
        report.put("config", cfg.source().toString());
        report.put("scope", scope);
        ArrayNode list = report.putArray("hosts");
        boolean allOk = true;
        try (SshTransport transport = new SshTransport(cfg.ssh(), cfg.authRefs(), secrets, TransportListener.NONE)) {
            ConnectivityProbe probe = new ConnectivityProbe(transport);
            for (HostConfig h : selected) {
                ObjectNode entry = list.addObject().put("host", h.name());
                boolean reachable = true;
                if (!scope.equals("staging")) {
                    List<HopReport> hops = probe.probe(h);
                    reachable = hops.stream().allMatch(HopReport::ok);
                    allOk &= reachable;
                    entry.put("reachable", reachable);
                    ArrayNode hopArr = entry.putArray("hops");
                    for (HopReport r : hops) {
                        hopArr.add(Json.MAPPER.valueToTree(r));
                    }
                }
                if (scope.equals("staging") || scope.equals("all")) {
                    HostFacts facts = scope.equals("staging") ? dryFacts(specs) : liveFacts(transport, h, specs, reachable);
                    entry.put("readiness_basis", scope.equals("staging")
                            ? "dry: packaging verified on the controller; host commands assumed present (--scope all checks them live)"
                            : reachable ? "live: probed on the host" : "live: host unreachable");
                    ObjectNode readiness = entry.putObject("readiness");
                    for (AdapterSpec a : specs) {
                        ObjectNode r = StagingReadiness.assess(cfg, a, facts).toJson();
                        r.put("validated_readiness_status", r.path("status").asText());
                        readiness.set(a.name(), r);
                        allOk &= Preflight.runnable(r.path("status").asText());
                    }
                }
            }
        }
        if (scope.equals("all")) {
            ObjectNode publish = new PublishValidation(PullRequests.fromEnvironment()).report(cfg, specs);
            report.set("publish", publish);
            allOk &= publish.path("ok").asBoolean();
        }
        report.put("ok", allOk);
        Output.out(spec).print(new String(Json.pretty(report), java.nio.charset.StandardCharsets.UTF_8));
        Output.out(spec).flush();
        return allOk ? Main.OK : Main.FAILED;
    }

    /** Dry facts: no connection; the host is assumed to have every command the adapters name. */
    private static HostFacts dryFacts(List<AdapterSpec> specs) {
        java.util.Set<String> assumed = new java.util.TreeSet<>();
        specs.forEach(a -> {
            assumed.addAll(a.requiredCommands());
            assumed.addAll(a.optionalCommands());
            assumed.addAll(a.packaging().runnerCommands());
        });
        return DryFacts.from(java.util.Map.of("commands", String.join(",", assumed)));
    }

    /** Live facts: the same probes discover and preflight run, through the real hop chain. */
    private static HostFacts liveFacts(SshTransport transport, HostConfig h, List<AdapterSpec> specs, boolean reachable) {
        if (!reachable) {
            return LiveFacts.unreachable();
        }
        try (RemoteSession session = transport.open(h)) {
            var probe = session.exec(RemoteCommand.of(HostDiscovery.PROBE, h.retry().commandTimeout(), "validate/discover"));
            ObjectNode inventory = HostDiscovery.platform(HostDiscovery.parseFacts(probe.stdoutText()));
            var commands = session.exec(RemoteCommand.of(Preflight.probeScript(specs), h.retry().commandTimeout(), "validate/preflight"));
            return LiveFacts.from(inventory, commands.stdoutText());
        } catch (org.sth.automation.transport.TransportException e) {
            return LiveFacts.unreachable();
        }
    }
}
