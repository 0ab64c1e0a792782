package org.sth.automation.adapter.sysinfo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/** The host block of summary.json and manifest.json, as configured (never credentials). */
public record HostInfo(String name, String hostname, String displayName, String username, Integer port, List<String> tags) {

    public HostInfo {
        Objects.requireNonNull(name, "name");
        hostname = hostname == null ? name : hostname;
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The {@code host} JSON object. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", name);
        node.put("hostname", hostname);
        node.put("display_name", displayName);
        node.put("username", username);
        node.put("port", port);
        tags.forEach(node.putArray("tags")::add);
        return node;
    }
}
