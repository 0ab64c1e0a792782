package org.sth.automation.run;

import java.nio.file.Path;
import org.sth.automation.run.status.Phase;

/** Every path of a run directory, in one place (see docs/run-directory.md). */
public record RunLayout(Path dir) {

    public static final int SCHEMA_VERSION = 1;

    /** File name of the cached CPU topology, at the top of every run directory discover reached. */
    public static final String CPU_TOPOLOGY = "cpu_topology.json";

    public Path runManifest() {
        return dir.resolve("run_manifest.json");
    }

    public Path status() {
        return dir.resolve("status.json");
    }

    public Path events() {
        return dir.resolve("events.jsonl");
    }

    public Path commandLedger() {
        return dir.resolve("command_ledger.jsonl");
    }

    public Path transferLedger() {
        return dir.resolve("transfer_ledger.jsonl");
    }

    public Path artifactManifest() {
        return dir.resolve("artifact_manifest.json");
    }

    public Path publishLedger() {
        return dir.resolve("publish_ledger.json");
    }

    public Path recoverySummary() {
        return dir.resolve("recovery_summary.md");
    }

    public Path hostInventory() {
        return dir.resolve("host_inventory_snapshot.json");
    }

    /**
     * The host's CPU topology as discover parsed it (the one model, {@code CpuTopology.toJson}); reused by execute, the
     * planner and, from the newest run of a host, by {@code validate --scope staging} and {@code plan --host}.
     */
    public Path cpuTopology() {
        return dir.resolve(CPU_TOPOLOGY);
    }

    public Path plan() {
        return dir.resolve("state/plan.json");
    }

    public Path stepManifest(String adapter, Phase phase) {
        return dir.resolve("state/steps").resolve(adapter).resolve(phase.id() + ".json");
    }

    /**
     * Present while a readiness re-check is pending: {@code resume} of a run whose benchmarks preflight
     * blocked writes it (holding the command key of the new probe); preflight removes it when done.
     */
    public Path readinessRecheck() {
        return dir.resolve("state/readiness_recheck");
    }

    /**
     * The run's private scratch directory on the host ({@code path}, made by {@code mktemp -d}, mode 700), written once it
     * exists so resume and finalize find it again.
     */
    public Path remoteScratch() {
        return dir.resolve("state/remote_scratch.json");
    }

    public Path preflightDir() {
        return dir.resolve("preflight");
    }

    public Path logsDir() {
        return dir.resolve("logs");
    }

    /** Saved output ({@code stdout} or {@code stderr}) of the checkpointed command {@code key}. */
    public Path savedOutput(String key, String stream) {
        return logsDir().resolve("commands").resolve(key.replaceAll("[^A-Za-z0-9._-]", "_") + "." + stream);
    }

    public Path benchmarkDir(String adapter) {
        return dir.resolve("benchmarks").resolve(adapter);
    }

    public Path publishStaging() {
        return dir.resolve("publish-staging");
    }

    public Path publishWorktrees() {
        return dir.resolve("publish-worktrees");
    }

    /** Path relative to the run directory, with forward slashes, for manifests. */
    public String relative(Path p) {
        return dir.toAbsolutePath().relativize(p.toAbsolutePath()).toString().replace('\\', '/');
    }
}
