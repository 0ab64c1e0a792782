package org.sth.automation.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.adapter.agentsth.OfflinePlan;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.observe.AgentResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code plan}: the agentsth run families of the config's policy for one machine, without touching the machine. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Print the agentsth run families the config's policy plans for a host (from the topology its last run cached) "
                + "or for a captured lscpu file, and every request the machine cannot honour with the reason.")
final class PlanCommand implements Callable<Integer>, JsonOutput {

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

    @Option(names = "--json", description = "Print one result document (docs/schema/result.schema.json) with the plan under \"plan\" "
            + "(its fields: docs/adapters/agentsth.md).")
    boolean json;

    @Override
    public boolean json() {
        return json;
    }

    @Override
    public String verb() {
        return "plan";
    }

    @Override
    public Integer call() {
        if ((host == null) == (lscpu == null)) {
            throw new org.sth.automation.UsageException("give exactly one of --host or --lscpu");
        }
        if (host != null && (pCores != null || eCores != null || sysfs != null)) {
            throw new org.sth.automation.UsageException("--p-cores, --e-cores and --sysfs go with --lscpu (a --host plan reads its cached topology)");
        }
        AutomationConfig cfg = Adapters.loadConfig(config);
        OfflinePlan plan = host != null ? OfflinePlan.forHost(cfg, ConfigLoader.requireHost(cfg, host).name(), allFamilies)
                : OfflinePlan.forFiles(cfg, lscpu, pCores, eCores, sysfs, allFamilies);
        PrintWriter out = Output.out(spec);
        if (json) {
            var r = AgentResult.of("plan", Main.OK);
            plan.plan().render().lines().forEach(l -> AgentResult.message(r, l));
            r.set("plan", plan.toJson(allFamilies));
            JsonOutput.print(out, r);
        } else {
            out.println("# agentsth plan for " + (plan.host() == null ? "a captured machine" : "host " + plan.host()) + " ("
                    + plan.source() + ")" + (allFamilies ? ", every family kind" : ""));
            out.print(plan.plan().render());
        }
        out.flush();
        return Main.OK;
    }
}
