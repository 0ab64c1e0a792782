package org.sth.automation.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.sth.automation.io.Json;
import org.sth.automation.run.RunLayout;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.StatusDerivation;
import org.sth.automation.run.doc.RunStatus;

/**
 * Every run a work root knows, by run id and by request id: the accepted requests ({@code work/requests/*.json}) name
 * their runs; a run's status comes from this process's live store when it has one, else from its {@code status.json},
 * with fresh derived blocks. What {@code runs}, the run page and the JSON endpoints list.
 */
public final class RunsIndex {

    private final Path requestsDir;

    /** @param requestsDir the work root's {@code requests/} folder */
    public RunsIndex(Path requestsDir) {
        this.requestsDir = requestsDir;
    }

    /** Which runs to list; a null field does not filter. */
    public record Filter(String host, String state, String requestId, String runId) {

        public static final Filter ALL = new Filter(null, null, null, null);

        boolean test(ObjectNode status) {
            RunStatus s = RunStatus.of(status);
            return matches(host, s.host()) && matches(state, s.state().id()) && matches(requestId, s.requestId()) && matches(runId, s.runId());
        }

        private static boolean matches(String wanted, String value) {
            return wanted == null || wanted.isBlank() || wanted.equals(value);
        }
    }

    /** A known run: its request and directory. */
    public record Known(String requestId, String runId, String host, Path runDir, String acceptedAt) {
    }

    /** Every known run, newest request first; runs this process holds that no request names (none normally) come last. */
    public List<Known> known() {
        Map<Path, Known> out = new LinkedHashMap<>();
        List<ObjectNode> requests = new ArrayList<>();
        if (Files.isDirectory(requestsDir)) {
            try (Stream<Path> files = Files.list(requestsDir)) {
                files.filter(f -> f.getFileName().toString().endsWith(".json") && !f.getFileName().toString().startsWith("."))
                        .forEach(f -> {
                            try {
                                requests.add(Json.readObject(f));
                            } catch (RuntimeException corrupt) {
                                // a request record being written or damaged: its runs show when it reads again
                            }
                        });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("Cannot list " + requestsDir + ": " + e.getMessage(), e);
            }
        }
        requests.sort(Comparator.comparing((ObjectNode r) -> r.path("accepted_at").asText()).reversed());
        for (ObjectNode r : requests) {
            for (JsonNode run : r.path("runs")) {
                Path dir = Path.of(run.path("run_dir").asText()).toAbsolutePath().normalize();
                out.putIfAbsent(dir, new Known(r.path("request_id").asText(), run.path("run_id").asText(), run.path("host").asText(),
                        dir, r.path("accepted_at").asText()));
            }
        }
        for (RunStore store : RunStore.openStores()) {
            Path dir = store.layout().dir();
            if (!out.containsKey(dir)) {
                try {
                    var plan = store.plan();
                    out.put(dir, new Known(plan.requestId(), plan.runId(), plan.host(), dir, plan.createdAt().toString()));
                } catch (RuntimeException notYetCreated) {
                    // shows once its plan is written
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    /** The statuses (with fresh derived blocks and {@code request_id}) of the known runs that pass {@code filter}, at most {@code limit}. */
    public List<ObjectNode> statuses(Filter filter, int limit) {
        List<ObjectNode> out = new ArrayList<>();
        Instant now = Instant.now();
        for (Known k : known()) {
            if (out.size() >= limit) {
                break;
            }
            if (filter.runId() != null && !filter.runId().equals(k.runId()) || filter.requestId() != null && !filter.requestId().isBlank()
                    && !filter.requestId().equals(k.requestId())) {
                continue;
            }
            status(k, now).filter(filter::test).ifPresent(out::add);
        }
        return out;
    }

    /** One run's status by run id. */
    public Optional<ObjectNode> status(String runId) {
        List<ObjectNode> one = statuses(new Filter(null, null, null, runId), 1);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    /** A known run by id. */
    public Optional<Known> find(String runId) {
        return known().stream().filter(k -> k.runId().equals(runId)).findFirst();
    }

    static Optional<ObjectNode> status(Known k, Instant now) {
        RunLayout layout = new RunLayout(k.runDir());
        ObjectNode s = null;
        for (RunStore store : RunStore.openStores()) {
            if (store.layout().dir().equals(k.runDir())) {
                try {
                    s = store.statusSnapshot();
                } catch (RuntimeException notYetCreated) {
                    s = null;
                }
            }
        }
        if (s == null) {
            if (!Files.exists(layout.status())) {
                return Optional.empty();
            }
            try {
                s = Json.readObject(layout.status());
            } catch (RuntimeException corrupt) {
                return Optional.empty();
            }
        }
        StatusDerivation.apply(s, layout, now);
        if (!s.has("request_id")) {
            // a status.json written before statuses carried their request (the request record says it)
            s.put("request_id", k.requestId());
        }
        return Optional.of(s);
    }
}
