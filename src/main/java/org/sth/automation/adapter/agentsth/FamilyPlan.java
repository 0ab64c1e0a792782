package org.sth.automation.adapter.agentsth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * What the planner made of a policy on one host: the families that will run (official first), the requests it
 * skipped with the reason, and, when the host's topology is not known yet, the requests still pending.
 *
 * @param topology a line on the topology the plan was made from, or why there was none
 * @param families the families to run, in run order
 * @param skipped  requests that cannot run on this host
 * @param pending  requests that need the host's topology (empty when it was known)
 */
public record FamilyPlan(String topology, List<RunFamily> families, List<Skipped> skipped, List<Skipped> pending) {

    /** Schema version of {@link #toJson()} (docs/adapters/agentsth.md). */
    public static final int SCHEMA_VERSION = 1;

    /** A request the planner did not turn into a family, and why. */
    public record Skipped(String id, String label, String reason) {
    }

    public FamilyPlan {
        families = List.copyOf(families);
        skipped = List.copyOf(skipped);
        pending = List.copyOf(pending);
    }

    /** The official family, when planned. */
    public Optional<RunFamily> official() {
        return families.stream().filter(RunFamily::official).findFirst();
    }

    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("schema_version", SCHEMA_VERSION);
        n.put("topology", topology);
        ArrayNode f = n.putArray("families");
        families.forEach(x -> f.add(x.toJson()));
        ArrayNode s = n.putArray("skipped");
        skipped.forEach(x -> s.addObject().put("id", x.id()).put("label", x.label()).put("reason", x.reason()));
        ArrayNode p = n.putArray("pending");
        pending.forEach(x -> p.addObject().put("id", x.id()).put("label", x.label()).put("reason", x.reason()));
        return n;
    }

    /** The plan as text for operators (the {@code plan} verb, preflight and staging summaries). */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("topology: ").append(topology).append('\n');
        for (RunFamily f : families) {
            out.append("family ").append(f.id()).append(" [").append(f.classification()).append("] profile=").append(f.profile())
                    .append(" pool=").append(f.pool()).append(" threading=").append(f.threading())
                    .append(" agents=").append(f.agents().size()).append('\n');
            out.append("  label: ").append(f.label()).append('\n');
            for (int i = 0; i < f.agents().size(); i++) {
                out.append("  agent ").append(i).append(": ").append(f.agents().get(i).format())
                        .append(" (").append(f.agents().get(i).size()).append(" CPUs)\n");
            }
        }
        for (Skipped s : skipped) {
            out.append("skipped ").append(s.id()).append(": ").append(s.reason()).append('\n');
        }
        for (Skipped s : pending) {
            out.append("pending ").append(s.id()).append(": ").append(s.reason()).append('\n');
        }
        return out.toString();
    }

    /** One line per family for summaries: {@code official-all [official] 1 agent: 0-23}. */
    public List<String> lines() {
        List<String> out = new java.util.ArrayList<>();
        for (RunFamily f : families) {
            out.add(f.id() + " [" + f.classification() + "] profile " + f.profile() + ", " + f.agents().size()
                    + (f.agents().size() == 1 ? " agent: " : " agents: ")
                    + String.join(" | ", f.agents().stream().map(a -> a.format()).toList()));
        }
        skipped.forEach(s -> out.add(s.id() + " skipped: " + s.reason()));
        pending.forEach(s -> out.add(s.id() + " pending: " + s.reason()));
        return out;
    }
}
