package org.sth.automation.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs of the work root, as one line each or as status maps: what JMX and the Camel console show. They list what
 * {@code runs} and {@code /api/runs} list ({@link RunsIndex}: every accepted request's runs, not only those this
 * process handled), so a restarted {@code serve} shows the runs its predecessor ran.
 */
public final class RunsView {

    private final RunsIndex index;

    public RunsView(RunsIndex index) {
        this.index = index;
    }

    /** At most this many runs are listed (newest request first, like {@code runs}). */
    static final int LIMIT = 500;

    public List<ObjectNode> statuses() {
        List<ObjectNode> out = new ArrayList<>(index.statuses(RunsIndex.Filter.ALL, LIMIT));
        out.sort((a, b) -> a.path("run_id").asText().compareTo(b.path("run_id").asText()));
        return out;
    }

    public static String line(ObjectNode s) {
        return s.path("run_id").asText() + " state=" + s.path("state").asText() + " phase=" + s.path("phase").asText("-")
                + " step=" + s.path("step").asText("-") + " monitoring=" + s.path("monitoring").path("state").asText()
                + " heartbeat_age_secs=" + s.path("monitoring").path("heartbeat_age_secs").asText("-")
                + " run_dir=" + s.path("run_dir").asText();
    }

    public List<String> lines() {
        return statuses().stream().map(RunsView::line).toList();
    }

    public Map<String, Object> asMap() {
        Map<String, Object> runs = new LinkedHashMap<>();
        for (ObjectNode s : statuses()) {
            Map<String, Object> r = new LinkedHashMap<>();
            for (String f : new String[] {"state", "phase", "adapter", "step", "run_dir", "next_command"}) {
                r.put(f, s.path(f).asText(null));
            }
            r.put("monitoring", s.path("monitoring").path("summary").asText());
            runs.put(s.path("run_id").asText(), r);
        }
        return Map.of("runs", runs);
    }
}
