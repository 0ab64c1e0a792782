package org.sth.automation.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.sth.automation.adapter.spi.AdapterRegistry;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.config.Hop;
import org.sth.automation.config.HostConfig;
import org.sth.automation.run.status.Phase;
import org.sth.automation.transport.SecretSource;
import org.sth.automation.validate.AuthSummary;

/** {@code run --dry-run}: the plan a run would execute, and how every hop authenticates, with secrets masked. */
final class DryRun {

    private DryRun() {
    }

    static void print(PrintWriter out, AutomationConfig cfg, List<String> hosts, List<String> benchmarks, boolean allowProtected,
            AdapterRegistry adapters, SecretSource secrets) {
        out.println("Dry run: nothing is queued, no host is contacted, no file is written.");
        out.println("Config: " + cfg.source());
        out.println("Phases: " + String.join(" -> ", java.util.Arrays.stream(Phase.values()).map(Phase::id).toList()));
        for (String name : hosts) {
            HostConfig h = ConfigLoader.requireHost(cfg, name);
            out.println();
            out.println("Host " + h.name() + " (" + h.hostname() + ":" + h.port() + ", tags " + h.tags() + ")");
            List<String> guarded = h.tags().stream().filter(cfg.execution().protectedTags()::contains).toList();
            if (!guarded.isEmpty()) {
                out.println("  PROTECTED " + guarded + ": " + (allowProtected ? "confirmed with --allow-protected"
                        : "would be REFUSED; confirm with --allow-protected"));
            }
            out.println("  transport: " + h.transport().type().tomlName() + ", retry " + h.retry().attempts() + " attempts, connect timeout "
                    + h.retry().connectTimeout().toSeconds() + " s, backoff " + h.retry().backoff().toMillis() + " ms");
            for (Hop hop : h.chain()) {
                out.println("  hop " + hop.name() + ": " + hop.address() + ", auth " + AuthSummary.describe(cfg, hop.authRef(), secrets));
            }
            out.println("  host keys: " + cfg.ssh().hostKeyPolicy().tomlName() + " against " + cfg.ssh().knownHosts());
            for (String b : benchmarks) {
                AdapterSpec spec = adapters.spec(b, cfg);
                long ceiling = spec.ceiling(cfg.execution()).toSeconds();
                out.println("  benchmark " + b + ": run family 'official' (one family: all online CPUs), ceiling " + ceiling
                        + " s, heartbeat every " + spec.heartbeat(cfg.execution()).toSeconds() + " s");
                out.println("    requires " + spec.requiredCommands() + ", uses if present " + spec.optionalCommands());
                out.println("    bundle basis: host_tools (no bundle: runs the host's own tools)");
                out.println("    publish target [publish." + spec.publishTargetKey() + "]: "
                        + (cfg.publish().containsKey(spec.publishTargetKey()) ? "configured" : "not configured (results are staged only)"));
            }
        }
        out.println();
        out.println("Runs would be written under " + cfg.paths().runsRoot() + "; spools under " + cfg.paths().workRoot());
        out.flush();
    }
}
