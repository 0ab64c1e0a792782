package org.sth.automation.transport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.sftp.client.SftpClient;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.config.HostConfig;

/**
 * Measures the engine's transport on one host (connect, per-command cost on a reused chain, upload
 * throughput) and prints one JSON object; driven by {@code scripts/bench/transport.sh}.
 */
public final class TransportBench {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final double MIB = 1024.0 * 1024.0;

    private TransportBench() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (TransportException e) {
            // the message is already redacted and names the hop; a stack trace adds nothing here
            System.err.println("transport bench failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        if (opts == null) {
            System.err.println("usage: TransportBench --config FILE --host NAME [--commands 50] [--warmup 5]"
                    + " [--upload FILE --remote-path /tmp/...]");
            System.exit(2);
        }
        AutomationConfig config = ConfigLoader.load(Path.of(opts.get("--config")));
        HostConfig host = config.host(opts.get("--host"))
                .orElseThrow(() -> new IllegalArgumentException("no host " + opts.get("--host") + " in the config"));
        int commands = Integer.parseInt(opts.getOrDefault("--commands", "50"));
        int warmup = Integer.parseInt(opts.getOrDefault("--warmup", "5"));
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("host", host.name());
        json.putPOJO("hops", host.chain().stream().map(h -> h.name()).toList());
        List<CommandResult> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        TransportListener listener = new TransportListener() {
            @Override
            public void onCommand(String h, List<String> hops, CommandResult result) {
                seen.add(result);
            }
        };
        try (SshTransport transport = new SshTransport(config.ssh(), config.authRefs(), SecretSource.ENVIRONMENT, listener)) {
            long t0 = System.nanoTime();
            try (RemoteSession session = transport.open(host)) {
                json.put("connect_ms", ms(System.nanoTime() - t0));
                measureCommands((SshRemoteSession) session, commands, warmup, json);
                if (opts.containsKey("--upload")) {
                    measureUpload((SshRemoteSession) session, Path.of(opts.get("--upload")), opts.get("--remote-path"), json, seen);
                }
            }
        }
        System.out.println(json);
    }

    private static void measureCommands(SshRemoteSession session, int commands, int warmup, ObjectNode json) {
        json.put("cold_first_command_ms", ms(timeExec(session, "true")));
        // untimed: the JVM interprets, then JIT-compiles, the exec path during the first commands
        for (int i = 0; i < warmup; i++) {
            timeExec(session, "true");
        }
        json.put("warmup_commands_untimed", warmup);
        long[] each = new long[commands];
        long start = System.nanoTime();
        for (int i = 0; i < commands; i++) {
            each[i] = timeExec(session, "true");
        }
        long total = System.nanoTime() - start;
        json.put("commands", commands);
        json.put("commands_total_ms", ms(total));
        json.put("per_command_mean_ms", ms(total / (double) commands));
        json.set("per_command_ms", stats(each));
        // the same channel round trip without the process-group wrapper: how much the wrapper costs
        long[] bare = new long[commands];
        for (int i = 0; i < commands; i++) {
            bare[i] = timeBareExec(session, "true");
        }
        json.set("bare_exec_no_wrapper_ms", stats(bare));
    }

    private static long timeExec(SshRemoteSession session, String command) {
        long s = System.nanoTime();
        CommandResult r = session.exec(RemoteCommand.of(command, COMMAND_TIMEOUT, "bench/exec"));
        long d = System.nanoTime() - s;
        if (!r.ok()) {
            throw new IllegalStateException("'" + command + "' ended " + r.outcome() + ": " + r.stderrText().strip());
        }
        return d;
    }

    private static long timeBareExec(SshRemoteSession session, String command) {
        long s = System.nanoTime();
        try (ChannelExec ch = session.chain().target().createExecChannel(command)) {
            ch.open().verify(COMMAND_TIMEOUT);
            ch.getInvertedIn().close();
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), COMMAND_TIMEOUT);
            if (!Integer.valueOf(0).equals(ch.getExitStatus())) {
                throw new IllegalStateException("bare '" + command + "' exited " + ch.getExitStatus());
            }
        } catch (IOException e) {
            throw new IllegalStateException("bare exec failed: " + e.getMessage(), e);
        }
        return System.nanoTime() - s;
    }

    private static void measureUpload(SshRemoteSession session, Path local, String remote, ObjectNode json,
            List<CommandResult> seen) throws IOException {
        if (remote == null) {
            throw new IllegalArgumentException("--upload needs --remote-path");
        }
        long size = Files.size(local);
        json.put("upload_bytes", size);
        // the first bulk transfer of a JVM also JIT-compiles the cipher, SFTP and digest paths: it is
        // reported as the cold upload, and the same upload repeated is the steady-state figure
        upload(session, local, remote, json.putObject("upload_cold"), seen);
        TransferResult r = upload(session, local, remote, json.putObject("upload_warm"), seen);
        long s = System.nanoTime();
        CommandResult digest = session.exec(RemoteCommand.of("sha256sum -- " + SshRemoteSession.quote(remote), COMMAND_TIMEOUT, "bench/digest"));
        json.put("remote_sha256_ms", ms(System.nanoTime() - s));
        if (!digest.stdoutText().startsWith(r.sha256())) {
            throw new IllegalStateException("remote sha256 differs after upload");
        }
        removeRemote(session, remote);
        // raw SFTP write: same client, same buffer size, no digests, no mv
        String raw = remote + ".raw";
        double rawSeconds = rawWrite(session, local, raw);
        json.put("raw_sftp_write_seconds", rawSeconds);
        json.put("raw_sftp_write_MiBps", size / MIB / rawSeconds);
        removeRemote(session, raw);
    }

    private static TransferResult upload(SshRemoteSession session, Path local, String remote, ObjectNode json,
            List<CommandResult> seen) {
        // upload() skips a file whose remote sha256 matches: remove it so the bytes really travel
        removeRemote(session, remote);
        seen.clear();
        TransferResult r = session.upload(local, remote);
        if (!"ok".equals(r.outcome())) {
            throw new IllegalStateException("engine upload ended " + r.outcome());
        }
        json.put("seconds", r.seconds());
        json.put("MiBps", r.bytes() / MIB / r.seconds());
        json.put("includes", "mkdir+remote sha256 probe, local sha256 while streaming, SFTP write, mv, remote sha256 verify");
        ObjectNode parts = json.putObject("remote_commands_ms");
        for (CommandResult c : seen) {
            String key = c.command().startsWith("mv ") ? "mv_and_verify_sha256" : c.command().startsWith("mkdir ") ? "mkdir_and_probe_sha256" : "other";
            parts.put(key, parts.path(key).asDouble(0) + ms(c.duration().toNanos()));
        }
        return r;
    }

    private static double rawWrite(SshRemoteSession session, Path local, String remote) throws IOException {
        long s = System.nanoTime();
        try (InputStream in = Files.newInputStream(local);
             OutputStream os = session.sftp().write(remote, SshRemoteSession.TRANSFER_BUFFER,
                     SftpClient.OpenMode.Write, SftpClient.OpenMode.Create, SftpClient.OpenMode.Truncate)) {
            in.transferTo(os);
        }
        return (System.nanoTime() - s) / 1e9;
    }

    private static void removeRemote(SshRemoteSession session, String remote) {
        CommandResult r = session.exec(RemoteCommand.of("rm -f -- " + SshRemoteSession.quote(remote), COMMAND_TIMEOUT, "bench/cleanup"));
        if (!r.ok()) {
            throw new IllegalStateException("cannot remove " + remote + ": " + r.stderrText().strip());
        }
    }

    private static ObjectNode stats(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("n", sorted.length);
        n.put("mean", ms(Arrays.stream(sorted).sum() / (double) sorted.length));
        n.put("p50", ms(percentile(sorted, 50)));
        n.put("p95", ms(percentile(sorted, 95)));
        n.put("min", ms(sorted[0]));
        n.put("max", ms(sorted[sorted.length - 1]));
        return n;
    }

    /** Nearest-rank percentile of a sorted array. */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(double nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }

    static Map<String, String> parse(String[] args) {
        List<String> known = List.of("--config", "--host", "--commands", "--warmup", "--upload", "--remote-path");
        Map<String, String> opts = new java.util.HashMap<>();
        List<String> rest = new ArrayList<>(List.of(args));
        for (int i = 0; i + 1 < rest.size(); i += 2) {
            if (!known.contains(rest.get(i))) {
                return null;
            }
            opts.put(rest.get(i), rest.get(i + 1));
        }
        boolean bad = rest.size() % 2 != 0 || !opts.containsKey("--config") || !opts.containsKey("--host");
        return bad ? null : opts;
    }
}
