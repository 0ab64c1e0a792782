package org.sth.automation.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.sth.automation.config.Hop;
import org.sth.automation.config.HostConfig;
import org.sth.automation.config.RetryPolicy;

/** A {@link RemoteSession} over one {@link HopChain}: commands in their own process group, SFTP transfers. */
final class SshRemoteSession implements RemoteSession {

    // MINA pipelines these writes; 64 KiB stays under OpenSSH sftp-server's 256 KiB message cap
    // (bigger chunks fail there) and measured as fast as 128-256 KiB on loopback
    static final int TRANSFER_BUFFER = 64 * 1024;
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PGID_WAIT = Duration.ofSeconds(15);
    private static final Duration RUNNER_HANDSHAKE = Duration.ofSeconds(10);

    private final SshTransport transport;
    private final HostConfig host;
    private final List<String> hops;
    private HopChain chain;
    private SftpClient sftp;
    private HostRunner runner;
    // why this host takes a channel per command although the runner was asked for (null: the runner, or not asked)
    private volatile String runnerUnavailable;

    SshRemoteSession(SshTransport transport, HostConfig host, HopChain chain) {
        this.transport = transport;
        this.host = host;
        this.hops = transport.chainOf(host).stream().map(Hop::name).toList();
        this.chain = chain;
    }

    @Override
    public String host() {
        return host.name();
    }

    @Override
    public List<String> hops() {
        return hops;
    }

    @Override
    public boolean isOpen() {
        return chain != null && chain.isOpen();
    }

    private RetryPolicy retry() {
        return host.retry() == null ? RetryPolicy.DEFAULT : host.retry();
    }

    HopChain chain() {
        if (chain == null || !chain.isOpen()) {
            // nothing is running on a dead chain, so reconnecting before a new command is always safe
            reconnect();
        }
        return chain;
    }

    private void reconnect() {
        closeQuietly();
        chain = transport.connectWithRetry(host);
    }

    @Override
    public CommandResult execIdempotent(RemoteCommand command) {
        int attempts = Math.max(1, retry().attempts());
        for (int attempt = 1; ; attempt++) {
            try {
                return exec(command);
            } catch (TransportException e) {
                if (!e.retryable()) {
                    throw e;
                }
                if (attempt >= attempts) {
                    throw e.afterAttempts(attempts);
                }
                SshTransport.pause(SshTransport.backoff(retry().backoff(), attempt));
                reconnect();
            }
        }
    }

    @Override
    public CommandResult exec(RemoteCommand command) {
        SecretRedactor redactor = transport.redactor().with(command.stdin());
        String shown = redactor.redact(command.command());
        Duration timeout = command.timeout() == null ? retry().commandTimeout() : command.timeout();
        Instant started = Instant.now();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String token = command.token() != null ? command.token() : newToken();
        ChannelExec channel = null;
        try {
            HopChain c = chain();
            HostRunner r = runner(c);
            if (r != null) {
                return execOnRunner(r, c, command, shown, redactor, timeout, token, started);
            }
            channel = c.target().createExecChannel(wrap(command.command(), token));
            channel.setOut(out);
            channel.setErr(err);
            // the ceiling is measured on the monotonic clock: MINA's waitFor reads the wall clock, so a clock jump
            // would cut a command short (forward) or let it run unbounded (backward)
            CountDownLatch closed = new CountDownLatch(1);
            channel.addCloseFutureListener(f -> closed.countDown());
            channel.open().verify(CONTROL_TIMEOUT);
            try (OutputStream stdin = channel.getInvertedIn()) {
                if (command.stdin() != null) {
                    stdin.write(command.stdin());
                }
            }
            boolean ended;
            try {
                ended = closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for: " + shown);
            }
            CommandOutcome outcome;
            Integer exit;
            if (!ended) {
                terminate(c, channel, token);
                outcome = CommandOutcome.TERMINATED;
                exit = null;
            } else {
                exit = exitCode(channel.getExitStatus(), channel.getExitSignal());
                if (exit == null && !c.isOpen()) {
                    CommandResult lost = new CommandResult(shown, null, out.toByteArray(), err.toByteArray(), started, Instant.now(), CommandOutcome.CONNECTION_LOST);
                    record(lost, redactor);
                    throw new TransportException(FailureClass.CONNECTION_LOST, host.name(), hops.get(hops.size() - 1),
                            "connection lost while running: " + shown, null);
                }
                outcome = exit != null && exit == 0 ? CommandOutcome.OK : CommandOutcome.FAILED;
            }
            CommandResult result = new CommandResult(shown, exit, out.toByteArray(), err.toByteArray(), started, Instant.now(), outcome);
            record(result, redactor);
            return result;
        } catch (IOException | RuntimeException e) {
            if (e instanceof TransportException te) {
                throw te;
            }
            boolean lost = chain == null || !chain.isOpen();
            CommandResult failed = new CommandResult(shown, null, out.toByteArray(), err.toByteArray(), started, Instant.now(),
                    lost ? CommandOutcome.CONNECTION_LOST : CommandOutcome.FAILED);
            record(failed, redactor);
            throw new TransportException(lost ? FailureClass.CONNECTION_LOST : FailureClass.CHANNEL_OPEN_FAILED, host.name(),
                    hops.get(hops.size() - 1), redactor.redact("cannot run '" + shown + "': " + SshTransport.rootMessage(e)), null);
        } finally {
            if (channel != null) {
                channel.close(true);
            }
        }
    }

    /**
     * The host's runner on this connection, started on first use (and again after a reconnect); null when commands take
     * a channel each: {@code remote_shell = "per-command"}, or the runner could not start here (the reason is kept and
     * shown by {@link #remoteShell()}, and the run records it).
     */
    private HostRunner runner(HopChain c) throws IOException {
        if (transport.remoteShell() != org.sth.automation.config.SshSettings.RemoteShell.RUNNER || runnerUnavailable != null) {
            return null;
        }
        if (runner != null && runner.isOpen() && runner.session() == c.target()) {
            return runner;
        }
        if (runner != null) {
            runner.close();
            runner = null;
        }
        try {
            runner = HostRunner.start(c.target(), RUNNER_HANDSHAKE);
            return runner;
        } catch (HostRunner.Unavailable e) {
            runnerUnavailable = redact(e.getMessage());
            return null;
        }
    }

    private String redact(String text) {
        return transport.redactor().redact(text);
    }

    @Override
    public void prepare() {
        try {
            runner(chain());
        } catch (IOException | RuntimeException e) {
            // the first command meets the same problem and reports it, through the retry policy
        }
    }

    @Override
    public Shell remoteShell() {
        if (transport.remoteShell() != org.sth.automation.config.SshSettings.RemoteShell.RUNNER) {
            return Shell.PER_COMMAND;
        }
        return runnerUnavailable == null ? new Shell("runner", null)
                : new Shell("per_command", "the runner could not start on this host: " + runnerUnavailable);
    }

    /** One command on the host's runner: sent as a line, its result read back as a frame; ended at its ceiling as on a channel. */
    private CommandResult execOnRunner(HostRunner r, HopChain c, RemoteCommand command, String shown, SecretRedactor redactor,
                                       Duration timeout, String token, Instant started) throws IOException {
        java.util.concurrent.CompletableFuture<HostRunner.Result> f = r.submit(command.command(), token, command.stdin());
        try {
            HostRunner.Result res = f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            CommandResult result = new CommandResult(shown, res.exit(), res.stdout(), res.stderr(), started, Instant.now(),
                    res.exit() == 0 ? CommandOutcome.OK : CommandOutcome.FAILED);
            record(result, redactor);
            return result;
        } catch (java.util.concurrent.TimeoutException ceiling) {
            HostRunner.Result partial = terminateOnRunner(c, token, f);
            CommandResult result = new CommandResult(shown, null, partial == null ? new byte[0] : partial.stdout(),
                    partial == null ? new byte[0] : partial.stderr(), started, Instant.now(), CommandOutcome.TERMINATED);
            record(result, redactor);
            return result;
        } catch (InterruptedException e) {
            terminateOnRunner(c, token, f);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for: " + shown);
        } catch (java.util.concurrent.ExecutionException e) {
            // the runner stopped under the command (the link died, or the runner did): whatever it ran there was ended
            CommandResult lost = new CommandResult(shown, null, new byte[0], new byte[0], started, Instant.now(), CommandOutcome.CONNECTION_LOST);
            record(lost, redactor);
            throw new TransportException(FailureClass.CONNECTION_LOST, host.name(), hops.get(hops.size() - 1),
                    redactor.redact("connection lost while running: " + shown + " (" + SshTransport.rootMessage(e) + ")"), null);
        }
    }

    /** TERM to the command's processes (found by its token), KILL after the grace; its own result if it came meanwhile. */
    private HostRunner.Result terminateOnRunner(HopChain c, String token, java.util.concurrent.CompletableFuture<HostRunner.Result> f) {
        long deadline = System.nanoTime() + PGID_WAIT.toNanos();
        boolean found = signal(c, token, "TERM");
        while (!found && !f.isDone() && System.nanoTime() - deadline < 0) {
            SshTransport.pause(Duration.ofMillis(200));
            found = signal(c, token, "TERM");
        }
        try {
            return f.get(transport.killGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            signal(c, token, "KILL");
            try {
                return f.get(CONTROL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception stillRunning) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            signal(c, token, "KILL");
            return null;
        } catch (java.util.concurrent.ExecutionException gone) {
            return null;
        }
    }

    private void record(CommandResult result, SecretRedactor redactor) {
        transport.listener().onCommand(host.name(), hops, new CommandResult(result.command(), result.exitCode(),
                redactor.redact(result.stdout()), redactor.redact(result.stderr()), result.started(), result.ended(), result.outcome()));
    }

    /** Environment variable that marks every process of one command; its value is a per-command token. */
    static final String TOKEN_VAR = "STH_CMD_ID";

    static String newToken() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * Runs the command in {@code /bin/bash -c}, leading its own process group, with {@link #TOKEN_VAR} set so
     * {@link #terminate} can find its processes. OpenSSH's sshd already starts each session in a new session
     * (so the login shell leads a group): the wrapper then {@code exec}s the command shell in place, forking
     * nothing and printing nothing. Other servers (e.g. MINA's process shell) start it inside their own group:
     * the wrapper then runs the command as a job of a job-control shell, which gives it a group of its own.
     * The wrapper prints nothing: any output costs a TCP delayed-ACK round (~40 ms) on a no-output command.
     */
    static String wrap(String command, String token) {
        // A non-login shell with the sbin directories on PATH: login profiles cost seconds on some hosts
        // (measured 2.5 s here) and print banners, while lscpu/dmidecode/ip live in sbin on most distros.
        // Field 3 after the ")" of /proc/PID/stat is the process group (read by bash builtins: no fork).
        // In the job branch fd 3 keeps the real stderr for the job; the wrapper's own (job notices) is dropped,
        // and "<&0" keeps stdin, which a background job would otherwise get from /dev/null.
        String script = "c=$1; export " + TOKEN_VAR + "=" + token + " PATH=\"$PATH:/usr/local/sbin:/usr/sbin:/sbin\"; "
                + "s=; read -r s </proc/$$/stat 2>/dev/null; s=${s##*) }; set -- $s; "
                + "if [ \"$3\" = \"$$\" ]; then exec /bin/bash -c \"$c\"; fi; "
                + "exec 3>&2 2>/dev/null; set -m; /bin/bash -c \"$c\" <&0 2>&3 3>&- & p=$!; exec 3>&-; wait \"$p\"";
        return "exec /bin/bash -c " + quote(script) + " sth-run " + quote(command);
    }

    /**
     * The control script that sends {@code signal} to every process carrying {@code token}: to its whole
     * process group unless that group is the control shell's own (a server that does not start sessions in
     * new groups, where the group would be the server's), and to the process itself. Prints how many matched.
     */
    static String signalScript(String token, String signal) {
        java.util.Optional<CommandToken> ofEpoch = CommandToken.parse(token).filter(t -> t.epoch() > 0);
        if (ofEpoch.isPresent()) {
            return epochSignalScript(ofEpoch.get().base(), ofEpoch.get().epoch(), signal);
        }
        // grep -z (GNU, busybox) reads NUL-separated environ records; a grep without it falls back to bash's read -d ''
        String script = "t=" + TOKEN_VAR + "=" + token + "; n=0; s=; read -r s </proc/$$/stat; s=${s##*) }; set -- $s; me=$3; "
                + "if printf 'a\\0' | grep -qz a 2>/dev/null; then ids() { grep -lzxF -e \"$t\" /proc/[0-9]*/environ; }; "
                + "else ids() { for e in /proc/[0-9]*/environ; do while IFS= read -r -d '' v; do "
                + "if [ \"$v\" = \"$t\" ]; then echo \"$e\"; break; fi; done <\"$e\"; done; }; fi; "
                // every match counts, also one already gone because an earlier match's group signal reached it
                + "for f in $(ids 2>/dev/null); do n=$((n+1)); "
                + "p=${f#/proc/}; p=${p%/environ}; s=; read -r s <\"/proc/$p/stat\" 2>/dev/null || continue; "
                + "s=${s##*) }; set -- $s; "
                + "if [ \"$3\" != \"$me\" ] && [ \"$3\" -gt 1 ]; then kill -" + signal + " -- \"-$3\"; fi; "
                + "kill -" + signal + " \"$p\"; done 2>/dev/null; echo $n";
        return "exec /bin/bash -c " + quote(script);
    }

    /**
     * {@link #signalScript} for a token of an epoch ({@code <base>-e<epoch>}): the processes of every incarnation of the
     * command up to that epoch ({@code <base>}, {@code <base>-e<n>} with n &le; epoch), never a later one. A controller
     * that lost the run to a successor (a later epoch) cannot end the successor's incarnation, whenever its signal arrives.
     */
    private static String epochSignalScript(String base, long epoch, String signal) {
        // each candidate's own STH_CMD_ID is read with bash builtins (a subshell per candidate, none per other process)
        String script = "b=" + base + "; m=" + epoch + "; n=0; s=; read -r s </proc/$$/stat; s=${s##*) }; set -- $s; me=$3; "
                + "ep() { while IFS= read -r -d '' v; do case $v in " + TOKEN_VAR + "=\"$b\") echo 0; return;; "
                + TOKEN_VAR + "=\"$b\"-e*) v=${v##*-e}; case $v in ''|*[!0-9]*) ;; *) echo \"$v\";; esac; return;; esac; done <\"$1\"; }; "
                + "if printf 'a\\0' | grep -qz a 2>/dev/null; then "
                + "ids() { grep -lzE -e \"^" + TOKEN_VAR + "=$b(-e[0-9]+)?$\" /proc/[0-9]*/environ; }; "
                + "else ids() { for e in /proc/[0-9]*/environ; do while IFS= read -r -d '' v; do case $v in "
                + TOKEN_VAR + "=\"$b\"|" + TOKEN_VAR + "=\"$b\"-e*) echo \"$e\"; break;; esac; done <\"$e\"; done; }; fi; "
                // every process's epoch is read before the first signal: a group signal ends later matches' environ too
                + "c=; for f in $(ids 2>/dev/null); do q=$(ep \"$f\" 2>/dev/null); case $q in ''|*[!0-9]*) continue;; esac; "
                + "[ \"$q\" -le \"$m\" ] && c=\"$c $f\"; done; "
                + "for f in $c; do n=$((n+1)); "
                + "p=${f#/proc/}; p=${p%/environ}; s=; read -r s <\"/proc/$p/stat\" 2>/dev/null || continue; "
                + "s=${s##*) }; set -- $s; "
                + "if [ \"$3\" != \"$me\" ] && [ \"$3\" -gt 1 ]; then kill -" + signal + " -- \"-$3\"; fi; "
                + "kill -" + signal + " \"$p\"; done 2>/dev/null; echo $n";
        return "exec /bin/bash -c " + quote(script);
    }

    /** Exit status, or 128 + the signal number when the server reports the signal that ended the command. */
    static Integer exitCode(Integer status, String signal) {
        if (status != null || signal == null) {
            return status;
        }
        Integer number = SIGNALS.get(signal.toUpperCase(Locale.ROOT));
        return number == null ? null : 128 + number;
    }

    // Linux numbering (RFC 4254 names the signal without "SIG")
    private static final Map<String, Integer> SIGNALS = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4), Map.entry("ABRT", 6),
            Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12),
            Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15));

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private void terminate(HopChain c, ChannelExec channel, String token) {
        // a slow login profile can delay the wrapper past a short ceiling: look for the command's processes
        // until they appear (bounded), because closing the channel alone does not stop a command on OpenSSH
        long deadline = System.nanoTime() + PGID_WAIT.toNanos();
        boolean found = signal(c, token, "TERM");
        while (!found && System.nanoTime() - deadline < 0
                && !channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofMillis(200)).contains(ClientChannelEvent.CLOSED)) {
            found = signal(c, token, "TERM");
        }
        if (found) {
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), transport.killGrace());
            signal(c, token, "KILL");
        }
        channel.close(true);
    }

    @Override
    public int endProcesses(String token, Runnable stillMine) {
        if (!token.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("not a command token: " + token);
        }
        HopChain c = chain();
        stillMine.run();
        int found = count(control(c, signalScript(token, "TERM")));
        if (found > 0) {
            long deadline = System.nanoTime() + transport.killGrace().toNanos();
            while (System.nanoTime() - deadline < 0 && count(control(c, signalScript(token, "0"))) > 0) {
                SshTransport.pause(Duration.ofMillis(200));
            }
            stillMine.run();
            signal(c, token, "KILL");
        }
        return found;
    }

    private static int count(String out) {
        String s = out.strip();
        return s.matches("\\d+") ? Integer.parseInt(s) : 0;
    }

    /** Sends the signal to the command's processes; true when any was found. */
    private boolean signal(HopChain c, String token, String signal) {
        String out = control(c, signalScript(token, signal)).strip();
        return out.matches("\\d+") && Integer.parseInt(out) > 0;
    }

    private String control(HopChain c, String command) {
        HostRunner r = runner != null && runner.isOpen() && runner.session() == c.target() ? runner : null;
        if (r != null) {
            try {
                return new String(r.submit(command, newToken(), null).get(CONTROL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stdout(),
                        StandardCharsets.UTF_8);
            } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // the runner failed under the control command: a channel of its own tries
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ChannelExec ch = c.target().createExecChannel(command)) {
            ch.setOut(out);
            ch.setErr(OutputStream.nullOutputStream());
            ch.open().verify(CONTROL_TIMEOUT);
            ch.getInvertedIn().close();
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), CONTROL_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            // best effort: the caller closes the channel anyway
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Runs {@code before} (if any) then prints the sha256 of {@code remotePath}: one round trip for both. */
    private String digestAfter(String before, String remotePath, String step) {
        String digest = "sha256sum -- " + quote(remotePath) + " 2>/dev/null | cut -c1-64";
        CommandResult r = exec(RemoteCommand.of(before == null ? digest : before + " && " + digest, CONTROL_TIMEOUT, step));
        String out = r.stdoutText().strip();
        return r.ok() && out.matches("[0-9a-f]{64}") ? out : null;
    }

    SftpClient sftp() throws IOException {
        HopChain c = chain();
        if (sftp == null || !sftp.isOpen() || sftp.getClientSession() != c.target()) {
            sftp = SftpClientFactory.instance().createSftpClient(c.target());
        }
        return sftp;
    }

    @Override
    public TransferResult upload(Path local, String remotePath) {
        Instant started = Instant.now();
        long size = 0;
        String digest = null;
        try {
            size = Files.size(local);
            String parent = parentOf(remotePath);
            String before = digestAfter(parent == null ? null : "mkdir -p -- " + quote(parent), remotePath, "transfer/digest");
            if (before != null) {
                digest = sha256(local);
                if (digest.equals(before)) {
                    return transfer("upload", local, remotePath, size, digest, started, "skipped_same_digest");
                }
            }
            String partial = remotePath + ".sth-part-" + UUID.randomUUID().toString().substring(0, 8);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            // hashing on the way saves a full read of the file when no remote copy existed
            try (InputStream in = new DigestInputStream(Files.newInputStream(local), md);
                 OutputStream os = sftp().write(partial, TRANSFER_BUFFER,
                         SftpClient.OpenMode.Write, SftpClient.OpenMode.Create, SftpClient.OpenMode.Truncate)) {
                in.transferTo(os);
            }
            String sent = HexFormat.of().formatHex(md.digest());
            if (digest != null && !digest.equals(sent)) {
                exec(RemoteCommand.of("rm -f -- " + quote(partial), CONTROL_TIMEOUT, "transfer/cleanup"));
                return transfer("upload", local, remotePath, size, sent, started, "failed");
            }
            digest = sent;
            String after = digestAfter("mv -f -- " + quote(partial) + " " + quote(remotePath), remotePath, "transfer/verify");
            return transfer("upload", local, remotePath, size, digest, started, digest.equals(after) ? "ok" : "failed");
        } catch (IOException | NoSuchAlgorithmException e) {
            transfer("upload", local, remotePath, size, digest, started, "failed");
            throw transferFailure("upload of " + local + " to " + remotePath, e);
        }
    }

    @Override
    public TransferResult download(String remotePath, Path local) {
        Instant started = Instant.now();
        Path partial = local.resolveSibling(local.getFileName() + ".sth-part");
        long size = 0;
        try {
            if (local.toAbsolutePath().getParent() != null) {
                Files.createDirectories(local.toAbsolutePath().getParent());
            }
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(sftp().read(remotePath, TRANSFER_BUFFER), md);
                 OutputStream out = Files.newOutputStream(partial)) {
                size = in.transferTo(out);
            }
            Files.move(partial, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return transfer("download", local, remotePath, size, HexFormat.of().formatHex(md.digest()), started, "ok");
        } catch (IOException | NoSuchAlgorithmException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the partial file is only clutter; the failure below is what matters
            }
            transfer("download", local, remotePath, size, null, started, "failed");
            throw transferFailure("download of " + remotePath + " to " + local, e);
        }
    }

    private TransportException transferFailure(String what, Exception e) {
        boolean lost = chain == null || !chain.isOpen();
        return new TransportException(lost ? FailureClass.CONNECTION_LOST : FailureClass.UNKNOWN, host.name(),
                hops.get(hops.size() - 1), transport.redactor().redact(what + " failed: " + SshTransport.rootMessage(e)), null);
    }

    private TransferResult transfer(String direction, Path local, String remote, long bytes, String sha, Instant started, String outcome) {
        double seconds = Duration.between(started, Instant.now()).toNanos() / 1e9;
        TransferResult r = new TransferResult(direction, local, remote, bytes, sha, seconds, outcome);
        transport.listener().onTransfer(host.name(), hops, r);
        return r;
    }

    private static String parentOf(String remotePath) {
        int slash = remotePath.lastIndexOf('/');
        return slash <= 0 ? null : remotePath.substring(0, slash);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) >= 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }

    private void closeQuietly() {
        if (runner != null) {
            runner.close();
            runner = null;
        }
        try {
            if (sftp != null) {
                sftp.close();
            }
        } catch (IOException ignored) {
            // the chain under it is being closed anyway
        }
        sftp = null;
        if (chain != null) {
            chain.close();
        }
        chain = null;
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
