package org.sth.automation.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.sth.automation.config.AuthRef;
import org.sth.automation.config.Hop;
import org.sth.automation.config.HostConfig;
import org.sth.automation.config.RetryPolicy;
import org.sth.automation.config.SshSettings;
import org.sth.automation.config.TransportConfig;
import org.sth.automation.demo.KeyMaterial;
import org.sth.automation.demo.LoopbackSshServer;

/** Real in-process SSH servers, keys, known_hosts and config records for transport tests. */
final class SshFixture implements AutoCloseable {

    static final String USER = System.getProperty("user.name");
    static final RetryPolicy FAST_RETRY = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(60));

    final Path dir;
    final KeyMaterial key;
    final Path knownHosts;
    final Map<String, AuthRef> authRefs = new HashMap<>();
    final Map<String, String> env = new HashMap<>();
    final List<LoopbackSshServer> servers = new ArrayList<>();
    final RecordingListener listener = new RecordingListener();
    private final List<SshTransport> transports = new ArrayList<>();

    SshFixture(Path dir) {
        this.dir = dir;
        this.key = KeyMaterial.generate(dir.resolve("keys/id_ecdsa"), "transport-test");
        this.knownHosts = dir.resolve("known_hosts");
        authRefs.put("key", new AuthRef("key", AuthRef.Type.KEY_FILE, key.privateKeyFile().toString()));
    }

    LoopbackSshServer server(String name) {
        LoopbackSshServer s = LoopbackSshServer.start(LoopbackSshServer.Options.keys(dir.resolve("servers/" + name), key.publicKey()).withHome(dir.resolve("home")));
        servers.add(s);
        return s;
    }

    LoopbackSshServer passwordServer(String name, String password) {
        LoopbackSshServer s = LoopbackSshServer.start(LoopbackSshServer.Options.keys(dir.resolve("servers/" + name))
                .withPassword(USER, password).withHome(dir.resolve("home")));
        servers.add(s);
        return s;
    }

    void trust(LoopbackSshServer... all) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LoopbackSshServer s : all) {
            sb.append(s.knownHostsLine("127.0.0.1")).append('\n');
        }
        Files.writeString(knownHosts, sb.toString(), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    void passwordRef(String name, String envVar, String value) {
        authRefs.put(name, new AuthRef(name, AuthRef.Type.PASSWORD_ENV, envVar));
        if (value != null) {
            env.put(envVar, value);
        }
    }

    static Hop hop(String name, LoopbackSshServer s, String authRef) {
        return new Hop(name, "127.0.0.1", s.port(), USER, authRef);
    }

    static HostConfig host(String name, LoopbackSshServer target, String authRef, Hop... jumps) {
        TransportConfig transport = jumps.length == 0 ? TransportConfig.direct()
                : new TransportConfig(TransportConfig.Type.JUMP_CHAIN, List.of(jumps));
        return new HostConfig(name, "127.0.0.1", target.port(), USER, name, List.of(), authRef, transport, FAST_RETRY);
    }

    static HostConfig hostAt(String name, int port, String authRef) {
        return new HostConfig(name, "127.0.0.1", port, USER, name, List.of(), authRef, TransportConfig.direct(), FAST_RETRY);
    }

    SshTransport transport(SshSettings.HostKeyPolicy policy) {
        SshTransport t = new SshTransport(new SshSettings(knownHosts, policy), authRefs, SecretSource.of(env), listener)
                .withKillGrace(Duration.ofSeconds(1));
        transports.add(t);
        return t;
    }

    SshTransport transport() {
        return transport(SshSettings.HostKeyPolicy.STRICT);
    }

    static int freePort() throws IOException {
        return org.sth.automation.OpenSshd.freePort();
    }

    @Override
    public void close() {
        transports.forEach(SshTransport::close);
        servers.forEach(LoopbackSshServer::stop);
    }

    /** Keeps every record the transport hands to its listener. */
    static final class RecordingListener implements TransportListener {
        final List<CommandResult> commands = new CopyOnWriteArrayList<>();
        final List<TransferResult> transfers = new CopyOnWriteArrayList<>();
        final List<List<String>> hopChains = new CopyOnWriteArrayList<>();

        @Override
        public void onCommand(String host, List<String> hops, CommandResult result) {
            commands.add(result);
            hopChains.add(hops);
        }

        @Override
        public void onTransfer(String host, List<String> hops, TransferResult result) {
            transfers.add(result);
        }

        String everything() {
            StringBuilder sb = new StringBuilder();
            commands.forEach(c -> sb.append(c.command()).append('\n').append(c.stdoutText()).append(c.stderrText()).append('\n'));
            transfers.forEach(t -> sb.append(t).append('\n'));
            return sb.toString();
        }
    }
}
