package org.sth.automation.adapter.sysinfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.adapter.spi.BenchmarkAdapter;
import org.sth.automation.adapter.spi.StepContext;
import org.sth.automation.adapter.spi.StepResult;
import org.sth.automation.bundle.Packaging;
import org.sth.automation.io.Json;
import org.sth.automation.run.ArtifactManifest;
import org.sth.automation.run.RecordingSession;
import org.sth.automation.run.status.Phase;
import org.sth.automation.transport.CommandResult;
import org.sth.automation.transport.RemoteCommand;

/**
 * The {@code system-info} benchmark: runs STH's 25 system-info captures on the host (privileged ones
 * through sudo, the password only ever on stdin), then builds {@code summary.json},
 * {@code system_profile.md} and {@code manifest.json} in the published layout.
 */
public final class SystemInfoAdapter implements BenchmarkAdapter {

    public static final String NAME = "system-info";

    /**
     * Staged like the original tool staged its collector: the {@code system-info-wrapper} bundle first (bundles/system-info,
     * in the bundle cache), the host's own tools as the recorded fallback ({@code runner_fallback}). The 25 captures run
     * the same host commands either way, one checkpointed command each, so the published files do not depend on it.
     */
    static final Packaging PACKAGING = new Packaging("system-info-wrapper", List.of("system-info"),
            List.of("uname", "cat", "lscpu", "lsblk", "df"), null, List.of(), Map.of());

    static final AdapterSpec SPEC = new AdapterSpec(NAME, NAME, "system_info",
            // lstopo is required: topology/lstopo.{txt,xml} are part of the published result (STH's README), and a
            // result without them is only found out after publishing; [execution.allow_missing_commands] relaxes it
            List.of("uname", "cat", "lscpu", "lsblk", "df", "lstopo"),
            List.of("numactl", "ip", "lspci", "lshw", "dmidecode", "sudo"),
            Duration.ofMinutes(60),
            List.of("manifest.json", "summary.json", "system_profile.md", "raw/uname.txt", "raw/lscpu.txt"),
            PACKAGING);

    @Override
    public AdapterSpec spec() {
        return SPEC;
    }

    @Override
    public StepResult execute(StepContext ctx) {
        RecordingSession session = ctx.session();
        Path out = ctx.resultsDir();
        String sudoMode = ctx.inventory().path("sudo").asText("unknown");
        String password = ctx.sudoPassword();
        Duration ceiling = ctx.ceiling();
        // monotonic: a wall-clock jump must neither end the captures early nor let them run past the ceiling
        long deadline = System.nanoTime() + ceiling.toNanos();
        List<CaptureRecord> records = new ArrayList<>();
        for (CaptureSpec spec : SystemInfoCaptures.ALL) {
            Duration remaining = Duration.ofNanos(deadline - System.nanoTime());
            if (remaining.isNegative() || remaining.isZero()) {
                ObjectNode d = details(records);
                d.put("reason", "ceiling of " + ceiling.toSeconds() + " s reached before capture " + spec.id());
                return StepResult.terminated(ceiling, d);
            }
            records.add(capture(session, spec, sudoMode, password, out, remaining));
        }
        ObjectNode d = details(records);
        d.put("runner", "the host's own tools, one checkpointed command per capture" + ctx.stepDetails(Phase.STAGE)
                .filter(st -> st.hasNonNull("remote_bundle_dir"))
                .map(st -> " (staged beside them: " + st.path("bundle_name").asText() + " in " + st.path("remote_bundle_dir").asText() + ")")
                .orElse(""));
        List<String> failed = new ArrayList<>();
        List<String> missingTools = new ArrayList<>();
        for (CaptureRecord r : records) {
            if (!r.captured()) {
                failed.add(r.commandId() + " (" + (r.reason() == null ? r.error() : r.reason()) + ")");
                String tool = r.command().split(" ")[0];
                if (InstallHints.aptPackageFor(tool).isPresent() && r.reason() != null && r.reason().contains("not installed")) {
                    missingTools.add(tool);
                }
            }
        }
        if (!failed.isEmpty()) {
            String install = missingTools.isEmpty() ? null : org.sth.automation.host.PackageManagers.installCommand(
                    ctx.inventory().path("package_manager").asText(null), missingTools);
            ctx.warning("system-info_captures", "system-info: " + failed.size() + " capture(s) did not succeed: "
                    + String.join("; ", failed), install);
        }
        return StepResult.completed(d);
    }

    private CaptureRecord capture(RecordingSession session, CaptureSpec spec, String sudoMode, String password, Path out,
            Duration remaining) {
        Duration timeout = spec.timeout().compareTo(remaining) < 0 ? spec.timeout() : remaining;
        String command = spec.command();
        byte[] stdin = null;
        if (spec.sudo() && !"root".equals(sudoMode)) {
            if ("passwordless".equals(sudoMode)) {
                command = "sudo -n bash -c '" + spec.command() + "'";
            } else if (password != null) {
                command = "sudo -S -p '' bash -c '" + spec.command() + "'";
                stdin = (password + "\n").getBytes(StandardCharsets.UTF_8);
            } else {
                return CaptureRecord.of(spec, null, false, false,
                        "sudo needs a password on this host but none is configured (key auth): set up passwordless sudo for "
                                + "these read-only commands, or authenticate the host with password_env");
            }
        }
        CommandResult r = session.execOnce(NAME + "/capture/" + spec.id(),
                new RemoteCommand(command, stdin, timeout, NAME + "/execute"));
        Integer exit = r.terminated() ? null : r.exitCode();
        return CaptureFiles.store(out, spec, exit, r.stdout(), r.stderr(), password);
    }

    private static ObjectNode details(List<CaptureRecord> records) {
        ObjectNode d = Json.object();
        Map<String, Integer> counts = new TreeMap<>();
        ArrayNode arr = d.putArray("captures");
        for (CaptureRecord r : records) {
            counts.merge(r.status(), 1, Integer::sum);
            arr.add(r.toJson());
        }
        ObjectNode c = d.putObject("status_counts");
        counts.forEach(c::put);
        d.put("captured_at", Instant.now().toString());
        return d;
    }

    @Override
    public StepResult collect(StepContext ctx) {
        Path out = ctx.resultsDir();
        ObjectNode exec = ctx.stepDetails(Phase.EXECUTE).orElseThrow();
        List<CaptureRecord> records = new ArrayList<>();
        for (JsonNode c : exec.path("captures")) {
            records.add(fromJson(c));
        }
        Instant capturedAt = Instant.parse(exec.path("captured_at").asText());
        var h = ctx.host();
        // what the TOML leaves open is OpenSSH's: the login discover saw; a port OpenSSH chose is not claimed
        String user = h.username() != null ? h.username() : ctx.inventory().path("remote_user").asText(null);
        HostInfo host = new HostInfo(h.name(), h.hostname(), h.displayName(), user, h.port() == 0 ? null : h.port(), h.tags());
        SystemInfoWriter.write(out, host, capturedAt, records);

        List<String> missing = new ArrayList<>();
        for (String f : SPEC.resultFiles()) {
            Path p = out.resolve(f);
            try {
                if (!Files.exists(p) || Files.size(p) == 0) {
                    missing.add(f);
                }
            } catch (java.io.IOException e) {
                missing.add(f);
            }
        }
        ObjectNode artifacts = ArtifactManifest.rebuild(ctx.layout(), ctx.plan().runId());
        ObjectNode d = Json.object();
        d.put("result_dir", ctx.layout().relative(out));
        long files = 0;
        for (JsonNode a : artifacts.path("artifacts")) {
            if (a.path("path").asText().startsWith("benchmarks/" + NAME + "/")) {
                files++;
            }
        }
        d.put("files", files);
        d.set("status_counts", exec.path("status_counts").deepCopy());
        if (!missing.isEmpty()) {
            missing.forEach(d.putArray("missing_or_empty")::add);
            return StepResult.failed("incomplete results: missing or empty " + String.join(", ", missing), d);
        }
        return StepResult.completed(d);
    }

    static CaptureRecord fromJson(JsonNode c) {
        return new CaptureRecord(c.path("command_id").asText(), c.path("command").asText(), c.path("sudo").asBoolean(),
                c.path("optional").asBoolean(), c.path("timeout").asLong(), c.path("status").asText(),
                c.hasNonNull("exit_status") ? c.get("exit_status").asInt() : null, c.path("stdout_path").asText(null),
                c.path("stderr_path").asText(null), c.path("error").asText(null), c.path("reason").asText(null));
    }
}
