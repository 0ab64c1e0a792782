package org.sth.automation.adapter.agentsth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.sth.automation.host.topology.CpuSet;

/**
 * The reusable unit of agentsth execution: one profile run pinned to one CPU set; the {@code official} family is the
 * one whose numbers are published as the host's result, the others are supplemental.
 */
public record RunFamily(String id, String label, CpuSet cpus, String profile, boolean official) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public RunFamily {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cpus, "cpus");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Run family id must be lower-case [a-z0-9._-], 1-64 chars: '" + id + "'");
        }
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("Run family '" + id + "' has an empty CPU set");
        }
        if (profile == null || profile.isBlank()) {
            throw new IllegalArgumentException("Run family '" + id + "' has no profile");
        }
        label = label == null || label.isBlank() ? id : label;
    }

    /** The {@code taskset -c <list>} prefix as argv words, to prepend to the benchmark command. */
    public List<String> tasksetPrefix() {
        return List.of("taskset", "-c", cpus.format());
    }

    /** {@link #tasksetPrefix()} followed by {@code command}, as one argv list. */
    public List<String> pinned(List<String> command) {
        List<String> argv = new ArrayList<>(tasksetPrefix());
        argv.addAll(command);
        return List.copyOf(argv);
    }

    /** The {@code taskset -c <list> } prefix as one shell string (cpu lists need no quoting). */
    public String tasksetPrefixShell() {
        return "taskset -c " + cpus.format() + " ";
    }

    /** The family as it appears in step manifests. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", id);
        node.put("label", label);
        node.put("profile", profile);
        node.put("official", official);
        node.put("cpus", cpus.format());
        node.put("cpu_count", cpus.size());
        tasksetPrefix().forEach(node.putArray("command_prefix")::add);
        return node;
    }

    /** Reads the {@link #toJson()} form back (the {@code cpus} list is authoritative; derived fields are ignored). */
    public static RunFamily fromJson(com.fasterxml.jackson.databind.JsonNode node) {
        return new RunFamily(node.path("id").asText(null), node.path("label").asText(null),
                CpuSet.parse(node.path("cpus").asText("")), node.path("profile").asText(null),
                node.path("official").asBoolean(false));
    }
}
