package org.sth.automation.engine.intake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.sth.automation.AutomationException;
import org.sth.automation.adapter.spi.AdapterRegistry;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.config.HostConfig;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.Json;
import org.sth.automation.io.Sha256;
import org.sth.automation.run.RunPlan;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.status.Phase;
import org.sth.automation.run.status.RunState;

/**
 * Accepts a run request: validates it against the config, creates one run directory per host and
 * queues each run for discovery. Idempotent by request id: a request seen again (after a crash
 * mid-intake) reuses its recorded run directories and queues only runs that have not started.
 */
public final class RequestIntake {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final AutomationConfig config;
    private final AdapterRegistry adapters;
    private final WorkDirs dirs;

    public RequestIntake(AutomationConfig config, AdapterRegistry adapters, WorkDirs dirs) {
        this.config = config;
        this.adapters = adapters;
        this.dirs = dirs;
    }

    /** The accepted runs: host, run id and run directory of each. */
    public record AcceptedRun(String host, String runId, Path runDir) {
    }

    public List<AcceptedRun> accept(String fileName, byte[] content) {
        RunRequest request = RunRequest.parse(fileName, new String(content, StandardCharsets.UTF_8));
        List<HostConfig> hosts = new ArrayList<>();
        for (String h : request.hosts()) {
            try {
                hosts.add(ConfigLoader.requireHost(config, h));
            } catch (AutomationException e) {
                throw RequestRejectedException.because(fileName, "hosts", e, "use a host name defined in " + config.source());
            }
        }
        for (String b : request.benchmarks()) {
            try {
                adapters.require(b);
            } catch (AutomationException e) {
                throw RequestRejectedException.because(fileName, "benchmarks", e, "use one of: " + String.join(", ", adapters.names()));
            }
        }
        for (HostConfig h : hosts) {
            List<String> guarded = h.tags().stream().filter(config.execution().protectedTags()::contains).toList();
            if (!guarded.isEmpty() && !request.allowProtected()) {
                throw new RequestRejectedException(fileName, "hosts", "host '" + h.name() + "' is tagged " + guarded
                        + ", which is protected", "confirm with allow_protected = true in the request (or --allow-protected on the CLI)");
            }
        }
        String requestId = request.requestId() != null ? request.requestId()
                : Sha256.of((fileName + "\n" + new String(content, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        if (!requestId.matches("[A-Za-z0-9._-]+")) {
            throw new RequestRejectedException(fileName, "request_id", "may only contain letters, digits, '.', '_' and '-'", "choose a simpler id");
        }
        Path record = dirs.requests().resolve(requestId + ".json");
        ObjectNode rec;
        if (Files.exists(record)) {
            rec = Json.readObject(record);
            requireSameRequest(fileName, requestId, rec, request, hosts);
        } else {
            rec = plan(requestId, fileName, request, hosts);
            // the record comes first: after a crash below, the same run directories are reused
            Json.writeAtomically(record, rec);
        }
        List<AcceptedRun> accepted = new ArrayList<>();
        for (var run : rec.path("runs")) {
            Path runDir = Path.of(run.path("run_dir").asText());
            RunPlan plan = new RunPlan(run.path("run_id").asText(), requestId, run.path("host").asText(), request.benchmarks(),
                    config.source().toAbsolutePath().toString(), dirs.root().toAbsolutePath().toString(),
                    Instant.parse(rec.path("accepted_at").asText()));
            RunStore store = RunStore.create(runDir, plan, config.execution().heartbeatInterval());
            if (store.state() == RunState.QUEUED) {
                dirs.enqueue(new PhaseMessage(plan.runId(), runDir, plan.host(), Phase.DISCOVER, 1, Instant.now()));
            }
            accepted.add(new AcceptedRun(plan.host(), plan.runId(), runDir));
        }
        return accepted;
    }

    /**
     * A request id names one request: seen again with the same hosts and benchmarks it is the same request (a
     * resubmission, or a re-read after a crash) and runs nothing twice; with different ones it is refused, naming both.
     */
    private static void requireSameRequest(String fileName, String requestId, ObjectNode rec, RunRequest request, List<HostConfig> hosts) {
        List<String> acceptedHosts = new ArrayList<>();
        rec.path("runs").forEach(r -> acceptedHosts.add(r.path("host").asText()));
        List<String> acceptedBenchmarks = new ArrayList<>();
        rec.path("benchmarks").forEach(b -> acceptedBenchmarks.add(b.asText()));
        List<String> askedHosts = hosts.stream().map(HostConfig::name).toList();
        if (!acceptedHosts.equals(askedHosts) || !acceptedBenchmarks.equals(request.benchmarks())) {
            throw new RequestRejectedException(fileName, "request_id", "'" + requestId + "' was already accepted from "
                    + rec.path("source_file").asText("?") + " at " + rec.path("accepted_at").asText("?") + " with hosts "
                    + acceptedHosts + " and benchmarks " + acceptedBenchmarks + "; " + fileName + " asks for hosts " + askedHosts
                    + " and benchmarks " + request.benchmarks(),
                    "give this request a new request_id, or resubmit exactly the accepted one");
        }
    }

    private ObjectNode plan(String requestId, String fileName, RunRequest request, List<HostConfig> hosts) {
        Instant now = Instant.now();
        ObjectNode rec = Json.object();
        org.sth.automation.io.DocumentSchema.REQUEST_RECORD.stamp(rec);
        rec.put("request_id", requestId);
        rec.put("source_file", fileName);
        rec.put("accepted_at", now.toString());
        request.benchmarks().forEach(rec.putArray("benchmarks")::add);
        ArrayNode runs = rec.putArray("runs");
        for (HostConfig h : hosts) {
            Path base = config.paths().runsRoot().resolve(DAY.format(now)).resolve(h.name());
            String stamp = STAMP.format(now);
            Path dir = base.resolve(stamp);
            for (int i = 2; Files.exists(dir); i++) {
                dir = base.resolve(stamp + "-" + i);
            }
            try {
                Files.createDirectories(dir);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("Cannot create run directory " + dir + ": " + e.getMessage(), e);
            }
            runs.addObject().put("host", h.name()).put("run_id", h.name() + "-" + dir.getFileName()).put("run_dir", dir.toAbsolutePath().toString());
        }
        return rec;
    }

    /** Writes a rejected request and its {@code .error.txt} into {@code inbox/.rejected/}. */
    public static void reject(WorkDirs dirs, String fileName, byte[] content, String reason) {
        AtomicFiles.write(dirs.rejected().resolve(fileName), content);
        AtomicFiles.write(dirs.rejected().resolve(fileName + ".error.txt"), reason + "\n");
    }
}
