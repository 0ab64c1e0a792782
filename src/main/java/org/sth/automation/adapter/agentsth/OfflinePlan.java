package org.sth.automation.adapter.agentsth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.sth.automation.AutomationException;
import org.sth.automation.UsageException;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.host.topology.CachedTopology;
import org.sth.automation.host.topology.CpuSet;
import org.sth.automation.host.topology.CpuTopology;
import org.sth.automation.host.topology.TopologyParser;
import org.sth.automation.host.topology.TopologySources;
import org.sth.automation.run.HostRuns;
import org.sth.automation.run.RunLayout;

/**
 * The families of a policy for a machine, without touching it (the {@code plan} verb): from the topology discover
 * cached for a configured host, or from captured {@code lscpu} output (plus the Intel hybrid lists and a sysfs dump
 * when given).
 *
 * @param host   the host name, or null for a captured file
 * @param source where the topology came from
 * @param plan   the plan
 */
public record OfflinePlan(String host, String source, FamilyPlan plan) {

    /** From the newest run of {@code host} under the config's runs root that cached a topology. */
    public static OfflinePlan forHost(AutomationConfig cfg, String host, boolean allFamilies) {
        Optional<Path> run = HostRuns.newestWith(cfg.paths().runsRoot(), host, RunLayout.CPU_TOPOLOGY);
        if (run.isEmpty()) {
            throw new AutomationException("No run of " + host + " under " + cfg.paths().runsRoot() + " has a cached CPU topology "
                    + "(fix: run `run --config " + cfg.source() + " --host " + host + " --benchmarks preflight` once, or plan from a "
                    + "captured file with --lscpu)");
        }
        CachedTopology cached;
        try {
            cached = CachedTopology.read(run.get().resolve(RunLayout.CPU_TOPOLOGY));
        } catch (IllegalArgumentException e) {
            throw new AutomationException(e.getMessage() + " (fix: run discover again, e.g. --benchmarks preflight)");
        }
        return of(cfg, host, cached.basis(), cached.topology(), allFamilies);
    }

    /** From captured files: an {@code lscpu -p}/{@code -e} table, optional hybrid lists and sysfs dump. */
    public static OfflinePlan forFiles(AutomationConfig cfg, Path lscpu, String pCores, String eCores, Path sysfs, boolean allFamilies) {
        TopologySources s = TopologySources.lscpuTable(read(lscpu, "--lscpu"));
        if (sysfs != null) {
            s = s.withSysfs(read(sysfs, "--sysfs"));
        }
        if ((pCores == null) != (eCores == null)) {
            throw new UsageException("--p-cores and --e-cores go together (the contents of /sys/devices/cpu_core/cpus and cpu_atom/cpus)");
        }
        if (pCores != null) {
            list("--p-cores", pCores);
            list("--e-cores", eCores);
            s = s.withHybridLists(pCores, eCores);
        }
        CpuTopology t = TopologyParser.parse(s);
        if (t.isEmpty()) {
            throw new UsageException(lscpu + " (--lscpu) holds no CPU rows: give the output of lscpu -p=CPU,CORE,SOCKET,NODE,ONLINE,MAXMHZ or lscpu -e");
        }
        return of(cfg, null, "captured file " + lscpu + (pCores == null ? "" : " with P/E lists"), t, allFamilies);
    }

    private static OfflinePlan of(AutomationConfig cfg, String host, String source, CpuTopology t, boolean allFamilies) {
        return new OfflinePlan(host, source, FamilyPlanner.plan(AgentsthPolicy.of(cfg), t, allFamilies, source));
    }

    private static String read(Path file, String option) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("Cannot read " + file + " (" + option + "): " + e.getMessage());
        }
    }

    private static void list(String option, String value) {
        try {
            if (CpuSet.parse(value).isEmpty()) {
                throw new UsageException(option + " is empty");
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " '" + value + "' is not a cpu list: " + e.getMessage());
        }
    }

    /** The {@code plan --json} document (schema in docs/adapters/agentsth.md). */
    public ObjectNode toJson(boolean allFamilies) {
        ObjectNode n = plan.toJson();
        ObjectNode out = n.objectNode();
        out.put("schema_version", FamilyPlan.SCHEMA_VERSION);
        out.put("host", host);
        out.put("source", source);
        out.put("all_families", allFamilies);
        n.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("schema_version")) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }
}
