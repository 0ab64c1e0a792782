package org.sth.automation.adapter.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.HostConfig;
import org.sth.automation.host.topology.CpuTopology;
import org.sth.automation.run.RecordingSession;
import org.sth.automation.run.RunLayout;
import org.sth.automation.run.RunPlan;
import org.sth.automation.run.status.Phase;

/**
 * What one benchmark's step sees of its run: the run's plan, config and host, the host's session (every command
 * and transfer recorded in the run's ledgers, keyed commands run at most once), this benchmark's places on the
 * controller and on the host, and its resolved ceiling. The engine implements it; adapters only read it.
 */
public interface StepContext {

    /** The benchmark this context is for. */
    String benchmark();

    RunPlan plan();

    AutomationConfig config();

    HostConfig host();

    RunLayout layout();

    /** The host's pooled connection, recording into this run's ledgers. */
    RecordingSession session();

    /** The delivery attempt of the phase message (1 the first time). */
    int attempt();

    /** {@code benchmarks/<benchmark>/} in the run directory: where collected results go. */
    Path resultsDir();

    /** The details of this benchmark's step manifest of an earlier phase, when that step ran. */
    Optional<ObjectNode> stepDetails(Phase phase);

    /** Per-run scratch directory on the host, removed in finalize unless {@code keep_remote}. */
    String remoteScratch();

    /** {@code <scratch>/<benchmark>}: the benchmark's own directory on the host; it exists once stage completed. */
    String remoteWorkDir();

    /** Where the staged bundle (or source tree) is unpacked on the host. */
    String remoteBundleDir();

    /** Where the benchmark writes its results on the host. */
    String remoteOutDir();

    /**
     * This benchmark's ceiling for one step, by precedence: the benchmark's own override, the execution default,
     * the adapter's default (see docs/configuration.md).
     */
    Duration ceiling();

    /** The discover phase's inventory of the host ({@code host_inventory_snapshot.json}); empty before discovery. */
    ObjectNode inventory();

    /**
     * The host's CPU topology as discover captured and cached it in the run ({@code cpu_topology.json}); empty when
     * discover captured none (an older run, or a host that reported nothing).
     */
    Optional<CpuTopology> topology();

    /** The sudo password when the target authenticates by password, else null (then sudo must be passwordless). */
    String sudoPassword();

    /** Adds or replaces a warning in the run's alerts (and recovery summary), with an optional install command. */
    void warning(String key, String message, String installCommand);
}
