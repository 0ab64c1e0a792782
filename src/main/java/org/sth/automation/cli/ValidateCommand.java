package org.sth.automation.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.adapter.spi.AdapterRegistry;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.config.HostConfig;
import org.sth.automation.io.Json;
import org.sth.automation.observe.AgentResult;
import org.sth.automation.transport.SecretSource;
import org.sth.automation.validate.ConfigCheck;
import org.sth.automation.validate.Scope;
import org.sth.automation.validate.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code validate}: checks the config, and with a wider scope the hosts, the staging readiness and the publish targets. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validate the config (exit 2 when bad) and, with --scope connectivity, staging, publish or all, "
                + "the hosts, readiness and publish targets (exit 1 when something is not ready).")
final class ValidateCommand implements Callable<Integer>, JsonOutput {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "The TOML config file.")
    Path config;

    @Option(names = "--host", split = ",", description = "Limit connectivity checks to these hosts (default: all).")
    List<String> hosts;

    @Option(names = "--benchmarks", split = ",",
            description = "Benchmarks whose readiness to check (default system-info,latency; publish: every benchmark).")
    List<String> benchmarks;

    @Option(names = "--scope", defaultValue = "config",
            description = "config | connectivity | staging (dry) | publish | all (connectivity + live staging + publish) (default ${DEFAULT-VALUE}).")
    String scope;

    @Option(names = "--json", description = "Print one JSON result document (schema sth-bench-automation/result/v2, docs/operations.md) "
            + "with the report under \"report\", for every scope.")
    boolean json;

    @Override
    public boolean json() {
        return json;
    }

    @Override
    public String verb() {
        return "validate";
    }

    SecretSource secrets = SecretSource.ENVIRONMENT;

    @Override
    public Integer call() {
        Scope s = Scope.of(scope);
        if (s == null) {
            throw new org.sth.automation.UsageException("--scope must be config, connectivity, staging, publish or all (got '" + scope + "')");
        }
        AutomationConfig cfg = Adapters.loadConfig(config);
        AdapterRegistry adapters = Adapters.registry(cfg);
        adapters.checkConfig(cfg);
        List<HostConfig> selected = hosts == null ? cfg.hosts() : hosts.stream().map(h -> ConfigLoader.requireHost(cfg, h)).toList();
        if (s == Scope.CONFIG) {
            List<String> lines = ConfigCheck.lines(cfg, selected, secrets);
            if (json) {
                ObjectNode r = AgentResult.of("validate", Main.OK);
                ObjectNode report = r.putObject("report").put("scope", "config").put("ok", true);
                lines.forEach(report.putArray("lines")::add);
                lines.forEach(l -> AgentResult.message(r, l));
                JsonOutput.print(Output.out(spec), r);
            } else {
                lines.forEach(Output.out(spec)::println);
            }
            Output.out(spec).flush();
            return Main.OK;
        }
        List<String> names = benchmarks != null ? benchmarks : s == Scope.PUBLISH ? adapters.names() : List.of("system-info", "latency");
        names.forEach(adapters::require);
        ObjectNode report = Validation.report(cfg, adapters, s, selected, names, secrets);
        int rc = report.path("ok").asBoolean() ? Main.OK : Main.FAILED;
        if (json) {
            ObjectNode r = AgentResult.of("validate", Main.OK);
            ValidationLines.of(report).forEach(l -> AgentResult.message(r, l));
            if (rc != Main.OK) {
                AgentResult.fail(r, AgentResult.ErrorKind.FAILED, "validate --scope " + s.id() + " found problems: "
                        + String.join("; ", ValidationLines.problems(report)));
            }
            r.set("report", report);
            JsonOutput.print(Output.out(spec), r);
        } else {
            Output.out(spec).print(new String(Json.pretty(report), StandardCharsets.UTF_8));
        }
        Output.out(spec).flush();
        return rc;
    }
}
