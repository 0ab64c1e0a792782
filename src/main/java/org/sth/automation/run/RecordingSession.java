package org.sth.automation.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.Json;
import org.sth.automation.io.SafeText;
import org.sth.automation.transport.CommandOutcome;
import org.sth.automation.transport.CommandResult;
import org.sth.automation.transport.CommandToken;
import org.sth.automation.transport.HostFence;
import org.sth.automation.transport.RemoteCommand;
import org.sth.automation.transport.RemoteSession;
import org.sth.automation.transport.SecretRedactor;
import org.sth.automation.transport.TransferResult;
import org.sth.automation.transport.TransportException;

/**
 * Wraps a host's {@link RemoteSession} for one run so that every command and transfer is written to
 * the run's ledgers by construction. Keyed commands ({@link #execOnce}) are checkpointed: their
 * output is saved before their ledger line, and a key whose ledger line exists is never run again,
 * which is what makes redelivery and {@code resume} free of repeated remote work.
 */
public final class RecordingSession implements RemoteSession {

    private final RemoteSession delegate;
    private final RunLayout layout;
    private final String runId;
    private final SecretRedactor redactor;
    private final JsonlLedger commands;
    private final JsonlLedger transfers;
    private final Map<String, ObjectNode> completedKeys;
    private final BiConsumer<String, ObjectNode> events;
    // appended to every key of execOnce: one repetition of a step checkpoints its commands apart from the others
    private final String keySuffix;
    // the remote shell each run last recorded in this process: a change (the runner could not start, or came back) is an event
    private static final Map<String, RemoteSession.Shell> SHELLS = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, RemoteSession.Shell> eldest) {
                    return size() > 4096;
                }
            });

    public RecordingSession(RemoteSession delegate, RunLayout layout, String runId, List<String> secrets) {
        this(delegate, layout, runId, secrets, (type, fields) -> { });
    }

    /** As above; {@code events} receives the events this session records (e.g. {@code previous_incarnation_ended}). */
    public RecordingSession(RemoteSession delegate, RunLayout layout, String runId, List<String> secrets,
            BiConsumer<String, ObjectNode> events) {
        this.events = events;
        this.keySuffix = "";
        this.completedKeys = new HashMap<>();
        this.delegate = delegate;
        this.layout = layout;
        this.runId = runId;
        this.redactor = new SecretRedactor(new java.util.HashSet<>(secrets));
        this.commands = new JsonlLedger(layout.commandLedger());
        this.transfers = new JsonlLedger(layout.transferLedger());
        for (ObjectNode line : JsonlLedger.read(layout.commandLedger()).records()) {
            String key = line.path("key").asText(null);
            if (key != null && line.path("checkpointed").asBoolean(false)) {
                completedKeys.put(key, line);
            }
        }
    }

    private RecordingSession(RecordingSession base, String keySuffix) {
        this.delegate = base.delegate;
        this.layout = base.layout;
        this.runId = base.runId;
        this.redactor = base.redactor;
        this.commands = base.commands;
        this.transfers = base.transfers;
        this.completedKeys = base.completedKeys;
        this.events = base.events;
        this.keySuffix = base.keySuffix + keySuffix;
    }

    /**
     * This session with {@code suffix} appended to every checkpoint key ({@code execute/run} becomes {@code execute/run#r2}):
     * each repetition of a step runs its commands once, and a resume replays the ones it already ran. Not for use at the
     * same time as this session.
     */
    public RecordingSession withKeySuffix(String suffix) {
        return new RecordingSession(this, suffix);
    }

    @Override
    public String host() {
        return delegate.host();
    }

    @Override
    public List<String> hops() {
        return delegate.hops();
    }

    @Override
    public CommandResult exec(RemoteCommand command) {
        return run(null, command);
    }

    /**
     * Runs a command at most once per run: when its key already has a ledger line, the recorded result
     * (with the saved output) is returned and nothing is executed.
     */
    public synchronized CommandResult execOnce(String unscopedKey, RemoteCommand command) {
        String key = unscopedKey + keySuffix;
        // a controller that lost the run neither ends its successor's command nor starts one (RunFence)
        RunFence.check(layout.dir());
        ObjectNode done = completedKeys.get(key);
        if (done != null) {
            return new CommandResult(done.path("command").asText(), done.hasNonNull("exit_code") ? done.get("exit_code").asInt() : null,
                    readSaved(key, "stdout"), readSaved(key, "stderr"), Instant.parse(done.path("started_at").asText()),
                    Instant.parse(done.path("ended_at").asText()), CommandOutcome.of(done.path("outcome").asText()));
        }
        String base = tokenFor(runId, key);
        // under a holder epoch the host checks it too: the incarnation's token carries the epoch (a signal ends no later
        // incarnation) and, once the run has its scratch there, a fence file refuses a start or an end from an earlier one
        java.util.OptionalLong epoch = RunFence.epoch(layout.dir());
        String token = new CommandToken(base, epoch.orElse(0)).toString();
        HostFence fence = epoch.isEmpty() ? null
                : RemoteScratch.of(layout).map(s -> new HostFence(s + "/.fence/" + base, epoch.getAsLong())).orElse(null);
        Path started = savedPath(key, "started");
        if (Files.exists(started)) {
            endPreviousIncarnation(key, previousToken(started, base), token, fence, command.step());
        }
        AtomicFiles.write(started, Json.line(Json.object().put("key", key).put("token", token).put("step", command.step())
                .put("started_at", Instant.now().toString())) + "\n");
        return run(key, command.withToken(token), fence);
    }

    /**
     * The {@code STH_CMD_ID} of a checkpointed command: the same for every incarnation of it in this run (so a resume
     * can find one a dead controller left running), different across runs and keys.
     */
    public static String tokenFor(String runId, String key) {
        return "k" + org.sth.automation.io.Sha256.of((runId + "\n" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 31);
    }

    /**
     * A keyed command started before and never recorded its end: its controller died while it ran, and on a real
     * host it may still run. It is ended before it runs again, so two copies never run at once: by this incarnation's
     * {@code token}, whose epoch bounds the signal (every earlier incarnation, never a later holder's). The ledger gets a
     * line for it and the run an event, both naming the {@code previous} incarnation's token.
     */
    private void endPreviousIncarnation(String key, String previous, String token, HostFence fence, String step) {
        Instant at = Instant.now();
        int found;
        String outcome;
        String error = null;
        TransportException failure = null;
        try {
            if (fence != null) {
                raise(fence, step);
            }
            // the fence again right before each signal leaves: a controller paused since execOnce's check and taken over
            // meanwhile must not end its successor's incarnation of the command (same token); it is fenced here instead
            found = delegate.endProcesses(token, () -> RunFence.check(layout.dir()));
            outcome = found < 0 ? "unsupported" : "ok";
        } catch (TransportException e) {
            found = -1;
            outcome = e.failureClass().code();
            error = redact(e.getMessage());
            failure = e;
        }
        String what = "end previous incarnation of " + key + " (STH_CMD_ID=" + previous + ")";
        ObjectNode line = commandLine(null, RemoteCommand.of(what, java.time.Duration.ofSeconds(30), step), what, at, Instant.now(), outcome);
        line.put("previous_incarnation_of", key);
        line.put("processes_found", found);
        line.put("checkpointed", false);
        if (error != null) {
            line.put("error", error);
        }
        commands.append(line);
        ObjectNode ev = Json.object().put("key", key).put("token", previous).put("processes_found", found).put("outcome", outcome);
        if (error != null) {
            ev.put("error", error);
        }
        events.accept("previous_incarnation_ended", ev);
        if (failure != null) {
            // never start a second copy while the first may still run: the route retries (reconnects) or parks it
            throw failure;
        }
    }

    /** The token the earlier incarnation recorded in its checkpoint ({@code base} when it is unreadable: torn by a crash). */
    private static String previousToken(Path started, String base) {
        try {
            String t = Json.parse(Files.readString(started)).path("token").asText("");
            return CommandToken.parse(t).filter(p -> p.base().equals(base)).isPresent() ? t : base;
        } catch (IOException | RuntimeException torn) {
            return base;
        }
    }

    /**
     * Raises the host's fence to this controller's epoch before it ends an earlier incarnation: from then on the host
     * refuses to start one for an earlier epoch, and one started before is found by the signal that follows. A host that
     * has seen a later epoch means another controller took the run over: fenced, nothing is ended.
     */
    private void raise(HostFence fence, String step) {
        CommandResult r = delegate.exec(RemoteCommand.of(fence.raise(), java.time.Duration.ofSeconds(60), step));
        String out = r.stdoutText().strip();
        if (out.startsWith("fenced ")) {
            refusedByHost(out.substring("fenced ".length()), "No earlier incarnation was ended");
        }
        // anything else (no bash, a full disk): the signal that follows still ends no later incarnation (its token's epoch)
    }

    /** The host's fence names a later epoch: fenced when the run's holder record says so too, else a restored run directory. */
    private void refusedByHost(String hostEpoch, String whatWasNotDone) {
        RunFence.check(layout.dir());
        throw new org.sth.automation.AutomationException("the host " + delegate.host() + " has seen holder epoch " + SafeText.line(hostEpoch)
                + " of run " + runId + ", later than the run's own holder record (" + layout.dir() + "): was the run directory restored"
                + " from an older copy? " + whatWasNotDone + " (fix: start a new run)");
    }

    /**
     * Records how commands reach the host ({@code remote_shell} event, {@code status.json} {@code remote_shell}) when it is
     * not what this run last recorded here: never silently on a channel per command where the runner was asked for.
     */
    private void recordShell() {
        RemoteSession.Shell shell = delegate.remoteShell();
        if (!shell.equals(SHELLS.put(runId, shell))) {
            ObjectNode ev = Json.object().put("mode", shell.mode());
            if (shell.reason() != null) {
                ev.put("reason", redact(shell.reason()));
            }
            events.accept("remote_shell", ev);
        }
    }

    /** Whether a keyed command already ran in this run (its ledger line exists). */
    public synchronized boolean alreadyRan(String key) {
        return completedKeys.containsKey(key + keySuffix);
    }

    private synchronized CommandResult run(String key, RemoteCommand command) {
        return run(key, command, null);
    }

    private synchronized CommandResult run(String key, RemoteCommand command, HostFence fence) {
        RunFence.check(layout.dir());
        Instant started = Instant.now();
        String recorded = redact(command.command());
        try {
            CommandResult result = delegate.exec(fence == null ? command
                    : new RemoteCommand(fence.guard(command.command()), command.stdin(), command.timeout(), command.step(), command.token()));
            if (fence != null && HostFence.refused(result)) {
                // a successor's epoch reached the host between this controller's check and its command: nothing ran there
                String said = result.stderrText();
                refusedByHost(said.substring(said.indexOf(HostFence.REFUSED) + HostFence.REFUSED.length()).strip(), "Nothing was started");
            }
            recordShell();
            if (key != null) {
                save(key, "stdout", result.stdout());
                save(key, "stderr", result.stderr());
            }
            ObjectNode line = commandLine(key, command, recorded, started, result.ended(), result.outcome().id());
            if (result.exitCode() == null) {
                line.putNull("exit_code");
            } else {
                line.put("exit_code", result.exitCode());
            }
            line.put("stdout_bytes", result.stdout().length);
            line.put("stderr_bytes", result.stderr().length);
            line.put("checkpointed", key != null);
            commands.append(line);
            RunListener.Registry.command(layout, line);
            if (key != null) {
                completedKeys.put(key, line);
            }
            return result;
        } catch (TransportException e) {
            ObjectNode line = commandLine(key, command, recorded, started, Instant.now(), e.failureClass().code());
            line.putNull("exit_code");
            line.put("error", redact(e.getMessage()));
            line.put("checkpointed", false);
            commands.append(line);
            RunListener.Registry.command(layout, line);
            throw e;
        }
    }

    private ObjectNode commandLine(String key, RemoteCommand command, String recorded, Instant started, Instant ended, String outcome) {
        ObjectNode line = Json.object();
        line.put("ts", ended.toString());
        line.put("run_id", runId);
        line.put("host", delegate.host());
        ArrayNode hops = line.putArray("hops");
        delegate.hops().forEach(hops::add);
        line.put("step", command.step());
        line.put("key", key);
        line.put("command", recorded);
        line.put("stdin", command.stdin() == null ? "none" : "redacted");
        line.put("timeout_secs", command.timeout().toSeconds());
        line.put("started_at", started.toString());
        line.put("ended_at", ended.toString());
        line.put("duration_ms", java.time.Duration.between(started, ended).toMillis());
        line.put("outcome", outcome);
        RunFence.epoch(layout.dir()).ifPresent(epoch -> line.put("epoch", epoch));
        return line;
    }

    @Override
    public TransferResult upload(Path local, String remotePath) {
        return transfer("upload", local, remotePath, () -> delegate.upload(local, remotePath));
    }

    @Override
    public TransferResult download(String remotePath, Path local) {
        return transfer("download", local, remotePath, () -> delegate.download(remotePath, local));
    }

    private TransferResult transfer(String direction, Path local, String remote, java.util.function.Supplier<TransferResult> op) {
        RunFence.check(layout.dir());
        Instant started = Instant.now();
        ObjectNode line = Json.object();
        line.put("run_id", runId);
        line.put("host", delegate.host());
        line.put("direction", direction);
        line.put("local_path", local.toAbsolutePath().startsWith(layout.dir().toAbsolutePath())
                ? layout.relative(local) : local.toString());
        line.put("remote_path", remote);
        line.put("started_at", started.toString());
        RunFence.epoch(layout.dir()).ifPresent(epoch -> line.put("epoch", epoch));
        try {
            TransferResult r = op.get();
            line.put("ts", Instant.now().toString());
            line.put("bytes", r.bytes());
            line.put("sha256", r.sha256());
            line.put("seconds", r.seconds());
            line.put("outcome", r.outcome());
            transfers.append(line);
            RunListener.Registry.transfer(layout, line);
            return r;
        } catch (TransportException e) {
            line.put("ts", Instant.now().toString());
            line.put("outcome", e.failureClass().code());
            line.put("error", redact(e.getMessage()));
            transfers.append(line);
            RunListener.Registry.transfer(layout, line);
            throw e;
        }
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    /** The shared connection belongs to the engine's pool, not to one run: closing the wrapper keeps it. */
    @Override
    public void close() {
    }

    private void save(String key, String stream, byte[] bytes) {
        AtomicFiles.write(savedPath(key, stream), redact(bytes));
    }

    private byte[] readSaved(String key, String stream) {
        try {
            Path p = savedPath(key, stream);
            return Files.exists(p) ? Files.readAllBytes(p) : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read saved output of " + key, e);
        }
    }

    private Path savedPath(String key, String stream) {
        return layout.savedOutput(key, stream);
    }

    private String redact(String text) {
        return redactor.redact(text);
    }

    private byte[] redact(byte[] bytes) {
        return redactor.redact(bytes);
    }
}
