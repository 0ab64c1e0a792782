package org.sth.automation.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.sth.automation.config.AuthRef;
import org.sth.automation.config.HostConfig;
import org.sth.automation.config.RetryPolicy;
import org.sth.automation.config.SshSettings;
import org.sth.automation.config.TransportConfig;

/**
 * One cold connection in a fresh JVM, for scripts/bench/kex.sh: connects to {@code host:port} as {@code user} with the
 * key in {@code keyFile}, offering the key exchanges given (comma-separated, or {@code default}), runs {@code true},
 * and prints one JSON line: the negotiated key exchange, milliseconds to an authenticated session and to the command's
 * end, and the same for a second connection in the same JVM (warm).
 */
public final class KexBench {

    private KexBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: KexBench HOST PORT USER KEY_FILE KNOWN_HOSTS KEX|default");
            System.exit(2);
        }
        List<String> kex = args[5].equals("default") ? List.of() : Arrays.asList(args[5].split(","));
        SshSettings ssh = new SshSettings(Path.of(args[4]), SshSettings.HostKeyPolicy.STRICT, kex, List.of(), SshSettings.RemoteShell.RUNNER);
        Map<String, AuthRef> refs = Map.of("k", new AuthRef("k", AuthRef.Type.KEY_FILE, args[3]));
        HostConfig host = new HostConfig("bench", args[0], Integer.parseInt(args[1]), args[2], "bench", List.of(), "k",
                TransportConfig.direct(), new RetryPolicy(1, Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(30)));
        long t0 = System.nanoTime();
        try (SshTransport transport = new SshTransport(ssh, refs, SecretSource.ENVIRONMENT, TransportListener.NONE)) {
            long[] cold = once(transport, host, t0);
            long[] warm = once(transport, host, System.nanoTime());
            String negotiated = negotiated(transport, host);
            System.out.printf("{\"kex_offered\":\"%s\",\"kex\":\"%s\",\"cold_connect_ms\":%d,\"cold_command_ms\":%d,"
                    + "\"warm_connect_ms\":%d,\"warm_command_ms\":%d}%n", args[5], negotiated, cold[0], cold[1], warm[0], warm[1]);
        }
    }

    private static long[] once(SshTransport transport, HostConfig host, long start) {
        try (RemoteSession s = transport.open(host)) {
            long connected = System.nanoTime();
            s.exec(RemoteCommand.of("true", Duration.ofSeconds(30), "bench"));
            long done = System.nanoTime();
            return new long[] {(connected - start) / 1_000_000, (done - start) / 1_000_000};
        }
    }

    private static String negotiated(SshTransport transport, HostConfig host) {
        try (HopChain chain = transport.connect(host, Duration.ofSeconds(30), r -> { })) {
            return String.valueOf(chain.target().getNegotiatedKexParameter(org.apache.sshd.common.kex.KexProposalOption.ALGORITHMS));
        }
    }
}
