package org.sth.automation.adapter.agentsth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.sth.automation.host.topology.CpuSet;

/**
 * The unit of agentsth execution: one profile run by one or more agents, each pinned to its own disjoint CPU set. The
 * {@code official} family is the host's published, comparable result; every other family is supplemental.
 *
 * @param id        stable, lower-case {@code [a-z0-9._-]}, 1-64 chars (step manifests, directories, command keys)
 * @param label     words for operators (defaults to the id)
 * @param profile   the agentsth profile the agents run
 * @param official  whether this is the official family
 * @param pool      the pool it was cut from, as the config writes it ({@code all}, {@code p_cores}, {@code socket 1}, ...)
 * @param threading {@code logical} or {@code physical}
 * @param agents    each agent's CPUs, disjoint, none empty
 */
public record RunFamily(String id, String label, String profile, boolean official, String pool, String threading, List<CpuSet> agents) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public RunFamily {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Run family id must be lower-case [a-z0-9._-], 1-64 chars: '" + id + "'");
        }
        if (agents == null || agents.isEmpty() || agents.stream().anyMatch(a -> a == null || a.isEmpty())) {
            throw new IllegalArgumentException("Run family '" + id + "' has an agent without CPUs");
        }
        CpuSet seen = CpuSet.parse("");
        for (CpuSet a : agents) {
            if (!a.intersect(seen).isEmpty()) {
                throw new IllegalArgumentException("Run family '" + id + "' pins two agents to CPUs " + a.intersect(seen).format());
            }
            seen = seen.union(a);
        }
        if (profile == null || profile.isBlank()) {
            throw new IllegalArgumentException("Run family '" + id + "' has no profile");
        }
        agents = List.copyOf(agents);
        label = label == null || label.isBlank() ? id : label;
        pool = pool == null ? "all" : pool;
        threading = threading == null ? Threading.LOGICAL.id() : threading;
    }

    /** A one-agent family on {@code cpus}. */
    public RunFamily(String id, String label, CpuSet cpus, String profile, boolean official) {
        this(id, label, profile, official, cpus == null ? null : cpus.format(), null, cpus == null ? null : List.of(cpus));
    }

    /** Every CPU of the family (the union of its agents'). */
    public CpuSet cpus() {
        CpuSet all = CpuSet.parse("");
        for (CpuSet a : agents) {
            all = all.union(a);
        }
        return all;
    }

    /** {@code official} or {@code supplemental}. */
    public String classification() {
        return official ? "official" : "supplemental";
    }

    /** The family as step manifests, {@code plan --json} and the staging report show it. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", id);
        node.put("label", label);
        node.put("classification", classification());
        node.put("official", official);
        node.put("profile", profile);
        node.put("pool", pool);
        node.put("threading", threading);
        node.put("agent_count", agents.size());
        node.put("cpus", cpus().format());
        node.put("cpu_count", cpus().size());
        ArrayNode list = node.putArray("agents");
        for (int i = 0; i < agents.size(); i++) {
            list.addObject().put("index", i).put("cpus", agents.get(i).format()).put("cpu_count", agents.get(i).size());
        }
        return node;
    }

    /** Reads the {@link #toJson()} form back (the agents' cpu lists are authoritative; counts are derived). */
    public static RunFamily fromJson(JsonNode node) {
        List<CpuSet> agents = new ArrayList<>();
        node.path("agents").forEach(a -> agents.add(CpuSet.parse(a.path("cpus").asText(""))));
        if (agents.isEmpty() && node.hasNonNull("cpus")) {
            agents.add(CpuSet.parse(node.path("cpus").asText("")));
        }
        return new RunFamily(node.path("id").asText(null), node.path("label").asText(null), node.path("profile").asText(null),
                node.path("official").asBoolean(false), node.path("pool").asText(null), node.path("threading").asText(null), agents);
    }
}
