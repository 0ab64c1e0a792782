package org.sth.automation.host.topology;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The CPU facts {@code lscpu} states directly (first occurrence of each key). */
public record LscpuSummary(String architecture, List<String> modelNames, Integer logicalCpuCount, Integer sockets,
        Integer threadsPerCore, Integer numaNodes) {

    public LscpuSummary {
        modelNames = List.copyOf(modelNames);
    }

    /** Distinct model names joined with " / " ("Unknown CPU" when lscpu names none). */
    public String displayModel() {
        return modelNames.isEmpty() ? "Unknown CPU" : String.join(" / ", modelNames);
    }

    /** The {@code cpu.topology.summary} JSON object. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("architecture", architecture);
        modelNames.forEach(node.putArray("model_names")::add);
        node.put("logical_cpu_count", logicalCpuCount);
        node.put("sockets", sockets);
        node.put("threads_per_core", threadsPerCore);
        node.put("numa_nodes", numaNodes);
        return node;
    }
}
