package org.sth.automation.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.sth.automation.run.status.Phase;

/**
 * The controller's own health checks, beside Camel's (context, routes, consumers), in {@code /observe/health} and JMX.
 * Each is DOWN with the reason: the inbox cannot be read, a spool or recovery folder cannot be written, the work root's
 * disk is nearly full, a run is stalled, a message waits in a recovery queue. The last two are readiness checks only:
 * the controller is alive ({@code /observe/health/live} stays UP) but someone must look.
 */
public final class ServeHealth {

    /** Percent of the work root's file system that must stay free (property {@code sth.health.disk.minFreePercent}). */
    static final String MIN_FREE_PROPERTY = "sth.health.disk.minFreePercent";

    private ServeHealth() {
    }

    public static void register(CamelContext camel, WorkFolders work, RunsIndex runs) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(camel);
        if (registry == null) {
            return;
        }
        double minFree = Double.parseDouble(camel.resolvePropertyPlaceholders("{{" + MIN_FREE_PROPERTY + ":5}}"));
        registry.register(new Check("sth-inbox", true, b -> {
            Path inbox = work.inbox();
            if (!Files.isDirectory(inbox) || !Files.isReadable(inbox) || !Files.isExecutable(inbox)) {
                return "inbox " + inbox + " cannot be read (" + (Files.exists(inbox) ? "permissions" : "missing")
                        + "); requests dropped there are not taken (fix: create it / chmod u+rwx " + inbox + ")";
            }
            return null;
        }));
        registry.register(new Check("sth-spools", true, b -> {
            List<String> bad = new ArrayList<>();
            for (var e : work.spools().entrySet()) {
                if (!writable(e.getValue())) {
                    bad.add("spool/" + e.getKey().id());
                }
            }
            for (var e : work.recovery().entrySet()) {
                if (!writable(e.getValue())) {
                    bad.add("recovery/" + e.getKey().id());
                }
            }
            return bad.isEmpty() ? null : "cannot write " + String.join(", ", bad) + " under " + work.root()
                    + ": runs cannot move on (fix: check permissions and the file system)";
        }));
        registry.register(new Check("sth-disk", true, b -> {
            try {
                var store = Files.getFileStore(work.root());
                double freePercent = 100.0 * store.getUsableSpace() / Math.max(1, store.getTotalSpace());
                b.detail("free_percent", String.format(java.util.Locale.ROOT, "%.1f", freePercent));
                if (freePercent < minFree) {
                    return String.format(java.util.Locale.ROOT, "the disk of %s is nearly full: %.1f %% free (%d MiB), below %s %% "
                            + "(fix: free space; property %s)", work.root(), freePercent, store.getUsableSpace() >> 20,
                            minFree, MIN_FREE_PROPERTY);
                }
                return null;
            } catch (IOException e) {
                return "cannot read the free space of " + work.root() + ": " + e.getMessage();
            }
        }));
        registry.register(new Check("sth-runs", false, b -> {
            List<String> stalled = new ArrayList<>();
            for (ObjectNode s : runs.statuses(RunsIndex.Filter.ALL, 1000)) {
                if ("stalled".equals(s.path("monitoring").path("state").asText())) {
                    stalled.add(s.path("run_id").asText() + " (" + s.path("monitoring").path("summary").asText() + ")");
                }
            }
            b.detail("stalled", stalled.size());
            return stalled.isEmpty() ? null : stalled.size() + " run(s) stalled: " + String.join("; ", stalled)
                    + " (fix: status --run-dir <dir> says what to do)";
        }));
        registry.register(new Check("sth-recovery", false, b -> {
            List<String> parked = new ArrayList<>();
            for (Map.Entry<Phase, Path> e : work.recovery().entrySet()) {
                for (Path m : messages(e.getValue())) {
                    // "<phase> <name>": Camel's health JSON shows a slash as "\/"
                    parked.add(e.getKey().id() + " " + m.getFileName().toString().replaceAll("\\.json$", ""));
                }
            }
            parked.sort(null);
            b.detail("parked", parked.size());
            return parked.isEmpty() ? null : parked.size() + " message(s) wait in recovery: " + String.join(", ", parked)
                    + " (fix: read each .error.json, fix the cause, then replay; replay --list shows them)";
        }));
    }

    /** The message files (not sidecars, not temp files) in a spool or recovery folder. */
    static List<Path> messages(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                String n = f.getFileName().toString();
                return n.endsWith(".json") && !n.endsWith(".error.json") && !n.startsWith(".");
            }).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean writable(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return false;
        }
        return Files.isDirectory(dir) && Files.isWritable(dir);
    }

    /** A check whose body returns the reason it is DOWN, or null when UP. */
    private static final class Check extends AbstractHealthCheck {

        interface Body {
            String downReason(HealthCheckResultBuilder builder);
        }

        private final boolean liveness;
        private final Body body;

        Check(String id, boolean liveness, Body body) {
            super("sth", id);
            this.liveness = liveness;
            this.body = body;
        }

        @Override
        public boolean isLiveness() {
            return liveness;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            String down;
            try {
                down = body.downReason(builder);
            } catch (RuntimeException e) {
                down = "check failed: " + e.getMessage();
            }
            if (down == null) {
                builder.up();
            } else {
                // Camel writes the message into its JSON unescaped
                builder.message(down.replace('"', '\'').replace('\\', '/').replace('\n', ' '));
                builder.down();
            }
        }
    }
}
