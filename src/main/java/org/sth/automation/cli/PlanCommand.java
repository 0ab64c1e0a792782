package org.sth.automation.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.adapter.agentsth.OfflinePlan;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code plan}: the agentsth run families of the config's policy for one machine, without touching the machine. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Print the agentsth run families the config's policy plans for a host (from the topology its last run cached) "
                + "or for a captured lscpu file, and every request the machine cannot honour with the reason.")
final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "The TOML config file (its [agentsth] policy).")
    Path config;

    @Option(names = "--host", description = "A configured host: plan from the CPU topology its newest run cached.")
    String host;

    @Option(names = "--lscpu", description = "A captured `lscpu -p=CPU,CORE,SOCKET,NODE,ONLINE,MAXMHZ` (or `lscpu -e`) file.")
    Path lscpu;

    @Option(names = "--p-cores", description = "With --lscpu: the contents of /sys/devices/cpu_core/cpus (Intel hybrid).")
    String pCores;

    @Option(names = "--e-cores", description = "With --lscpu: the contents of /sys/devices/cpu_atom/cpus (Intel hybrid).")
    String eCores;

    @Option(names = "--sysfs", description = "With --lscpu: a `grep -H .` dump of the sysfs CPU topology files.")
    Path sysfs;

    @Option(names = "--all-families", description = "Plan every family kind the machine allows, whatever the policy says.")
    boolean allFamilies;

    @Option(names = "--json", description = "Print the plan as JSON (schema in docs/adapters/agentsth.md).")
    boolean json;

    @Override
    public Integer call() {
        if ((host == null) == (lscpu == null)) {
            Output.err(spec).println("error: give exactly one of --host or --lscpu");
            return Main.USAGE;
        }
        if (host != null && (pCores != null || eCores != null || sysfs != null)) {
            Output.err(spec).println("error: --p-cores, --e-cores and --sysfs go with --lscpu (a --host plan reads its cached topology)");
            return Main.USAGE;
        }
        AutomationConfig cfg = Adapters.loadConfig(config);
        OfflinePlan plan = host != null ? OfflinePlan.forHost(cfg, ConfigLoader.requireHost(cfg, host).name(), allFamilies)
                : OfflinePlan.forFiles(cfg, lscpu, pCores, eCores, sysfs, allFamilies);
        PrintWriter out = Output.out(spec);
        if (json) {
            out.print(new String(Json.pretty(plan.toJson(allFamilies)), StandardCharsets.UTF_8));
        } else {
            out.println("# agentsth plan for " + (plan.host() == null ? "a captured machine" : "host " + plan.host()) + " ("
                    + plan.source() + ")" + (allFamilies ? ", every family kind" : ""));
            out.print(plan.plan().render());
        }
        out.flush();
        return Main.OK;
    }
}
