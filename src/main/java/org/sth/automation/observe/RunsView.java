package org.sth.automation.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.StatusDerivation;

/** The runs this controller process knows, as one line each or as status maps: what JMX and the Camel console show. */
public final class RunsView {

    private RunsView() {
    }

    public static List<ObjectNode> statuses() {
        List<ObjectNode> out = new ArrayList<>();
        for (RunStore store : RunStore.openStores()) {
            try {
                ObjectNode s = store.statusSnapshot();
                StatusDerivation.apply(s, store.layout(), Instant.now());
                out.add(s);
            } catch (RuntimeException notYetCreated) {
                // a store being created has no status yet; it shows on the next call
            }
        }
        out.sort((a, b) -> a.path("run_id").asText().compareTo(b.path("run_id").asText()));
        return out;
    }

    public static String line(ObjectNode s) {
        return s.path("run_id").asText() + " state=" + s.path("state").asText() + " phase=" + s.path("phase").asText("-")
                + " step=" + s.path("step").asText("-") + " monitoring=" + s.path("monitoring").path("state").asText()
                + " heartbeat_age_secs=" + s.path("monitoring").path("heartbeat_age_secs").asText("-")
                + " run_dir=" + s.path("run_dir").asText();
    }

    public static List<String> lines() {
        return statuses().stream().map(RunsView::line).toList();
    }

    public static Map<String, Object> asMap() {
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
