package org.sth.automation.host.topology;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A topology discover cached in a run directory ({@code cpu_topology.json}), read back for a dry
 * {@code validate --scope staging} or {@code plan --host}.
 *
 * @param topology the model
 * @param file     the cache file it was read from
 * @param probedAt when discover probed the host (as the file says), or null
 */
public record CachedTopology(CpuTopology topology, Path file, String probedAt) {

    /** Reads a cache file; an unreadable one raises {@link IllegalArgumentException} naming it. */
    public static CachedTopology read(Path file) {
        JsonNode n;
        try {
            n = org.sth.automation.io.Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the cached CPU topology " + file + ": " + e.getMessage(), e);
        }
        try {
            return new CachedTopology(CpuTopology.fromJson(n), file, n.path("probed_at").isTextual() ? n.path("probed_at").asText() : null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The cached CPU topology " + file + " is not one: " + e.getMessage(), e);
        }
    }

    /** Where the plan's topology came from, for reports. */
    public String basis() {
        return "cached by discover in " + file.getParent() + (probedAt == null ? "" : " (probed " + probedAt + ")");
    }
}
