package org.sth.automation.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sth.automation.adapter.spi.AdapterRegistry;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.config.Hop;
import org.sth.automation.config.HostConfig;
import org.sth.automation.io.Json;
import org.sth.automation.run.status.Phase;
import org.sth.automation.transport.SecretSource;
import org.sth.automation.validate.AuthSummary;

/**
 * {@code run --dry-run}: the plan a run would execute, and how every hop authenticates, with secrets masked. One plan
 * ({@link #plan}), printed as text ({@link #lines}) or as the {@code plan} block of a result document.
 */
final class DryRun {

    private DryRun() {
    }

    /** The plan: config, phases, and per host its chain, its guard, and each benchmark's ceiling, needs, bundle and target. */
    static ObjectNode plan(AutomationConfig cfg, List<String> hosts, List<String> benchmarks, boolean allowProtected,
            AdapterRegistry adapters, SecretSource secrets) {
        ObjectNode plan = Json.object();
        plan.put("config", cfg.source().toString());
        ArrayNode phases = plan.putArray("phases");
        Arrays.stream(Phase.values()).map(Phase::id).forEach(phases::add);
        ArrayNode hostList = plan.putArray("hosts");
        for (String name : hosts) {
            HostConfig h = ConfigLoader.requireHost(cfg, name);
            ObjectNode host = hostList.addObject().put("host", h.name()).put("address", h.targetHop().address());
            h.tags().forEach(host.putArray("tags")::add);
            List<String> guarded = h.tags().stream().filter(cfg.execution().protectedTags()::contains).toList();
            guarded.forEach(host.putArray("protected_tags")::add);
            host.put("refused", !guarded.isEmpty() && !allowProtected);
            host.put("transport", h.transport().type().tomlName());
            host.putObject("retry").put("attempts", h.retry().attempts()).put("connect_timeout_secs", h.retry().connectTimeout().toSeconds())
                    .put("backoff_ms", h.retry().backoff().toMillis());
            ArrayNode hops = host.putArray("hops");
            for (Hop hop : h.chain()) {
                hops.addObject().put("hop", hop.name()).put("address", hop.address()).put("auth", AuthSummary.describe(cfg, hop.authRef(), secrets));
            }
            host.put("host_key_policy", cfg.ssh().hostKeyPolicy().tomlName()).put("known_hosts", String.valueOf(cfg.ssh().knownHosts()));
            ArrayNode list = host.putArray("benchmarks");
            for (String b : benchmarks) {
                AdapterSpec spec = adapters.spec(b, cfg);
                ObjectNode e = list.addObject().put("benchmark", b).put("run_family", "official")
                        .put("ceiling_secs", spec.ceiling(cfg.execution()).toSeconds())
                        .put("heartbeat_secs", spec.heartbeat(cfg.execution()).toSeconds());
                spec.requiredCommands().forEach(e.putArray("requires")::add);
                spec.optionalCommands().forEach(e.putArray("uses_if_present")::add);
                e.put("bundle", spec.packaging().needsBundle() ? spec.packaging().bundleName() : null);
                e.put("publish_target", spec.publishTargetKey());
                e.put("publish_configured", cfg.publish().containsKey(spec.publishTargetKey()));
            }
        }
        plan.put("runs_root", cfg.paths().runsRoot().toString());
        plan.put("work_root", cfg.paths().workRoot().toString());
        return plan;
    }

    /** The plan as the text form prints it. */
    static List<String> lines(JsonNode plan) {
        List<String> out = new ArrayList<>();
        out.add("Dry run: nothing is queued, no host is contacted, no file is written.");
        out.add("Config: " + plan.path("config").asText());
        List<String> phases = new ArrayList<>();
        plan.path("phases").forEach(p -> phases.add(p.asText()));
        out.add("Phases: " + String.join(" -> ", phases));
        for (JsonNode h : plan.path("hosts")) {
            out.add("");
            out.add("Host " + h.path("host").asText() + " (" + h.path("address").asText() + ", tags " + texts(h.path("tags")) + ")");
            if (!h.path("protected_tags").isEmpty()) {
                out.add("  PROTECTED " + texts(h.path("protected_tags")) + ": " + (h.path("refused").asBoolean()
                        ? "would be REFUSED; confirm with --allow-protected" : "confirmed with --allow-protected"));
            }
            JsonNode retry = h.path("retry");
            out.add("  transport: " + h.path("transport").asText() + ", retry " + retry.path("attempts").asInt() + " attempts, connect timeout "
                    + retry.path("connect_timeout_secs").asLong() + " s, backoff " + retry.path("backoff_ms").asLong() + " ms");
            h.path("hops").forEach(hop -> out.add("  hop " + hop.path("hop").asText() + ": " + hop.path("address").asText() + ", auth "
                    + hop.path("auth").asText()));
            out.add("  host keys: " + h.path("host_key_policy").asText() + " against " + h.path("known_hosts").asText());
            for (JsonNode b : h.path("benchmarks")) {
                out.add("  benchmark " + b.path("benchmark").asText() + ": run family 'official' (one family: all online CPUs), ceiling "
                        + b.path("ceiling_secs").asLong() + " s, heartbeat every " + b.path("heartbeat_secs").asLong() + " s");
                out.add("    requires " + texts(b.path("requires")) + ", uses if present " + texts(b.path("uses_if_present")));
                out.add("    bundle: " + (b.hasNonNull("bundle") ? b.path("bundle").asText()
                        + " (chosen by preflight's resolver; validate --scope staging predicts it)" : "none (runs the host's own tools)"));
                out.add("    publish target [publish." + b.path("publish_target").asText() + "]: "
                        + (b.path("publish_configured").asBoolean() ? "configured" : "not configured (results are staged only)"));
            }
        }
        out.add("");
        out.add("Runs would be written under " + plan.path("runs_root").asText() + "; spools under " + plan.path("work_root").asText());
        return out;
    }

    private static String texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(a -> out.add(a.asText()));
        return out.toString();
    }
}
