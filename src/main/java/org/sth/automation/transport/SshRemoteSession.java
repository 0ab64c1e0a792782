package org.sth.automation.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.Set;
import java.util.UUID;

import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.sth.automation.config.HostConfig;
import org.sth.automation.config.Hop;
import org.sth.automation.config.RetryPolicy;

/** A {@link RemoteSession} over one {@link HopChain}: commands in their own process group, SFTP transfers. */
final class SshRemoteSession implements RemoteSession {

    // MINA pipelines these writes; 64 KiB stays under OpenSSH sftp-server's 256 KiB message cap
    // (bigger chunks fail there) and measured as fast as 128-256 KiB on loopback
    static final int TRANSFER_BUFFER = 64 * 1024;
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PGID_WAIT = Duration.ofSeconds(15);

    private final SshTransport transport;
    private final HostConfig host;
    private final List<String> hops;
    private HopChain chain;
    private SftpClient sftp;

    SshRemoteSession(SshTransport transport, HostConfig host, HopChain chain) {
        this.transport = transport;
        this.host = host;
        this.hops = host.chain().stream().map(Hop::name).toList();
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
                if (!e.retryable() || attempt >= attempts) {
                    throw e;
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
        PgidSniffer sniffer = new PgidSniffer(err);
        ChannelExec channel = null;
        try {
            HopChain c = chain();
            channel = c.target().createExecChannel(wrap(command.command()));
            channel.setOut(out);
            channel.setErr(sniffer);
            channel.open().verify(CONTROL_TIMEOUT);
            try (OutputStream stdin = channel.getInvertedIn()) {
                if (command.stdin() != null) {
                    stdin.write(command.stdin());
                }
            }
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
            String outcome;
            Integer exit;
            if (!events.contains(ClientChannelEvent.CLOSED)) {
                terminate(c, channel, sniffer);
                outcome = "terminated";
                exit = null;
            } else {
                exit = channel.getExitStatus();
                if (exit == null && channel.getExitSignal() == null && !c.isOpen()) {
                    sniffer.finish();
                    CommandResult lost = new CommandResult(shown, null, out.toByteArray(), err.toByteArray(), started, Instant.now(), "connection_lost");
                    record(lost, redactor);
                    throw new TransportException(FailureClass.CONNECTION_LOST, host.name(), hops.get(hops.size() - 1),
                            "connection lost while running: " + shown, null);
                }
                outcome = exit != null && exit == 0 ? "ok" : "failed";
            }
            sniffer.finish();
            CommandResult result = new CommandResult(shown, exit, out.toByteArray(), err.toByteArray(), started, Instant.now(), outcome);
            record(result, redactor);
            return result;
        } catch (IOException | RuntimeException e) {
            if (e instanceof TransportException te) {
                throw te;
            }
            sniffer.finish();
            boolean lost = chain == null || !chain.isOpen();
            CommandResult failed = new CommandResult(shown, null, out.toByteArray(), err.toByteArray(), started, Instant.now(),
                    lost ? "connection_lost" : "failed");
            record(failed, redactor);
            throw new TransportException(lost ? FailureClass.CONNECTION_LOST : FailureClass.CHANNEL_OPEN_FAILED, host.name(),
                    hops.get(hops.size() - 1), redactor.redact("cannot run '" + shown + "': " + SshTransport.rootMessage(e)), null);
        } finally {
            if (channel != null) {
                channel.close(true);
            }
        }
    }

    private void record(CommandResult result, SecretRedactor redactor) {
        transport.listener().onCommand(host.name(), hops, new CommandResult(result.command(), result.exitCode(),
                redactor.redact(result.stdout()), redactor.redact(result.stderr()), result.started(), result.ended(), result.outcome()));
    }

    /**
     * Runs the command as a background job of a job-control shell, so it leads its own process group
     * whose id is reported on stderr; the wrapper waits for it and forwards its exit status.
     */
    static String wrap(String command) {
        // fd 3 keeps the real stderr for the job; the wrapper's own stderr (job notices) goes to /dev/null.
        // A non-login shell with the sbin directories on PATH: login profiles cost seconds on some hosts
        // (measured 2.5 s here) and print banners, while lscpu/dmidecode/ip live in sbin on most distros.
        String script = "exec 3>&2 2>/dev/null; set -m; PATH=\"$PATH:/usr/local/sbin:/usr/sbin:/sbin\" /bin/bash -c \"$1\" <&0 2>&3 3>&- & p=$!; echo \""
                + PgidSniffer.MARK + "$p\" >&3; exec 3>&-; wait \"$p\"";
        return "exec /bin/bash -c " + quote(script) + " sth-run " + quote(command);
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private void terminate(HopChain c, ChannelExec channel, PgidSniffer sniffer) {
        // a slow login profile can delay the wrapper past a short ceiling: wait (bounded) for its pgid,
        // because closing the channel alone does not stop a command on an OpenSSH server
        Instant deadline = Instant.now().plus(PGID_WAIT);
        while (sniffer.pgid() == null && Instant.now().isBefore(deadline)
                && !channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofMillis(50)).contains(ClientChannelEvent.CLOSED)) {
            // polling with waitFor: returns early once the channel closes
        }
        Long pgid = sniffer.pgid();
        if (pgid != null) {
            // no "--": dash's kill builtin rejects it, and every kill takes "-SIG -PGID"
            control(c, "kill -TERM -" + pgid + " 2>/dev/null; true");
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), transport.killGrace());
            control(c, "kill -KILL -" + pgid + " 2>/dev/null; true");
        }
        // without a pgid (timeout before the wrapper spoke) closing the channel is all that is left
        channel.close(true);
    }

    private void control(HopChain c, String command) {
        try (ChannelExec ch = c.target().createExecChannel(command)) {
            ch.open().verify(CONTROL_TIMEOUT);
            ch.getInvertedIn().close();
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), CONTROL_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            // best effort: the caller closes the channel anyway
        }
    }

    private String remoteSha256(String remotePath) {
        return digestAfter(null, remotePath, "transfer/digest");
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
