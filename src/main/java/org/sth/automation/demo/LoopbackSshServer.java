package org.sth.automation.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.nativefs.NativeFileSystemFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.sth.automation.AutomationException;

/**
 * An in-process SSH server on 127.0.0.1 (MINA SSHD) that runs exec requests as real local processes,
 * serves SFTP over the real file system and allows direct-tcpip forwarding, so it can stand in for a
 * lab host or a jump host in the {@code demo} verb and in tests.
 */
public final class LoopbackSshServer implements AutoCloseable {

    /**
     * How to start the server.
     *
     * @param stateDir        where the host key is kept (reused across restarts)
     * @param port            port to bind on 127.0.0.1, 0 for a free one
     * @param authorizedKeys  public keys accepted for any user name
     * @param username        user accepted with {@code password}; {@code null} disables password auth
     * @param password        password for {@code username}
     * @param home            {@code HOME} for the commands it runs ({@code null}: inherited), so tests need not
     *                        load the developer's own login profile
     * @param pathPrefix      a directory put first on {@code PATH} for the commands it runs ({@code null}: none), so a
     *                        test host can have a tool this machine lacks
     * @param path            the whole {@code PATH} for the commands it runs ({@code null}: inherited), so a test host can
     *                        lack a tool this machine has; {@code pathPrefix} still goes first
     * @param tmpDir          {@code TMPDIR} for the commands it runs ({@code null}: inherited), so what a run leaves in the
     *                        host's temporary folder (the scratch of a run that never finalized) stays in the demo's folder
     */
    public record Options(Path stateDir, int port, Set<PublicKey> authorizedKeys, String username, String password, Path home,
            Path pathPrefix, String path, Path tmpDir) {

        public Options {
            authorizedKeys = Set.copyOf(authorizedKeys);
        }

        /** Options without a replaced {@code PATH} or {@code TMPDIR}. */
        public Options(Path stateDir, int port, Set<PublicKey> authorizedKeys, String username, String password, Path home, Path pathPrefix) {
            this(stateDir, port, authorizedKeys, username, password, home, pathPrefix, null, null);
        }

        public static Options keys(Path stateDir, PublicKey... keys) {
            return new Options(stateDir, 0, Set.of(keys), null, null, null, null, null, null);
        }

        public Options withTmpDir(Path dir) {
            return new Options(stateDir, port, authorizedKeys, username, password, home, pathPrefix, path, dir);
        }

        public Options withPath(String newPath) {
            return new Options(stateDir, port, authorizedKeys, username, password, home, pathPrefix, newPath, tmpDir);
        }

        public Options withPassword(String user, String pass) {
            return new Options(stateDir, port, authorizedKeys, user, pass, home, pathPrefix, path, tmpDir);
        }

        public Options withPort(int newPort) {
            return new Options(stateDir, newPort, authorizedKeys, username, password, home, pathPrefix, path, tmpDir);
        }

        public Options withHome(Path newHome) {
            return new Options(stateDir, port, authorizedKeys, username, password, newHome, pathPrefix, path, tmpDir);
        }

        public Options withPathPrefix(Path dir) {
            return new Options(stateDir, port, authorizedKeys, username, password, home, dir, path, tmpDir);
        }

        @Override
        public String toString() {
            // never print the password
            return "Options[stateDir=" + stateDir + ", port=" + port + ", keys=" + authorizedKeys.size()
                    + ", username=" + username + ", home=" + home + ", pathPrefix=" + pathPrefix + ", path=" + path + ", tmpDir=" + tmpDir + "]";
        }
    }

    private final SshServer sshd;
    private final PublicKey hostKey;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger dropsPending = new AtomicInteger();
    private volatile long dropDelayMillis = 300;
    private final AtomicBoolean refuseAuth = new AtomicBoolean();
    private final ScheduledExecutorService dropper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "loopback-ssh-dropper");
        t.setDaemon(true);
        return t;
    });

    private LoopbackSshServer(SshServer sshd, PublicKey hostKey) {
        this.sshd = sshd;
        this.hostKey = hostKey;
    }

    /** Starts a server bound to 127.0.0.1. */
    public static LoopbackSshServer start(Options o) {
        try {
            Files.createDirectories(o.stateDir());
            SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(o.stateDir().resolve("host_key_ecdsa"));
            keys.setAlgorithm(KeyUtils.EC_ALGORITHM);
            keys.setKeySize(256);
            List<KeyPair> loaded = toList(keys.loadKeys(null));
            SshServer sshd = SshServer.setUpDefaultServer();
            sshd.setHost("127.0.0.1");
            sshd.setPort(o.port());
            sshd.setKeyPairProvider(keys);
            LoopbackSshServer server = new LoopbackSshServer(sshd, loaded.get(0).getPublic());
            sshd.setPublickeyAuthenticator((user, key, session) -> !server.refuseAuth.get()
                    && o.authorizedKeys().stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
            if (o.username() != null) {
                sshd.setPasswordAuthenticator((user, pass, session) -> !server.refuseAuth.get()
                        && o.username().equals(user) && o.password() != null && o.password().equals(pass));
            }
            sshd.setKeyboardInteractiveAuthenticator(null);
            sshd.setCommandFactory((channel, command) -> new ProcessCommand(command, o.home(), o.pathPrefix(), o.path(), o.tmpDir(), server::afterExecStart));
            sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
            sshd.setFileSystemFactory(NativeFileSystemFactory.INSTANCE);
            sshd.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
            sshd.addSessionListener(new SessionListener() {
                @Override
                public void sessionCreated(Session session) {
                    server.connections.incrementAndGet();
                }
            });
            sshd.start();
            return server;
        } catch (IOException e) {
            throw new AutomationException("Cannot start loopback SSH server: " + e.getMessage(), e);
        }
    }

    private static List<KeyPair> toList(Iterable<KeyPair> it) {
        var list = new java.util.ArrayList<KeyPair>();
        it.forEach(list::add);
        return list;
    }

    private void afterExecStart(ChannelSession channel) {
        if (dropsPending.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            // let the command really start before the connection vanishes under it
            dropper.schedule(() -> channel.getSession().close(true), dropDelayMillis, TimeUnit.MILLISECONDS);
        }
    }

    public int port() {
        return sshd.getPort();
    }

    /** The {@code known_hosts} line for this server, e.g. {@code [127.0.0.1]:2222 ecdsa-sha2-nistp256 AAAA…}. */
    public String knownHostsLine(String hostAlias) {
        String host = hostAlias == null ? "127.0.0.1" : hostAlias;
        String pattern = port() == 22 ? host : "[" + host + "]:" + port();
        return pattern + " " + PublicKeyEntry.toString(hostKey);
    }

    /** {@code SHA256:…} fingerprint of the host key. */
    public String hostKeyFingerprint() {
        return KeyUtils.getFingerPrint(hostKey);
    }

    public PublicKey hostKey() {
        return hostKey;
    }

    /** How many SSH connections (sessions) this server has accepted since start. */
    public int connectionCount() {
        return connections.get();
    }

    /** Test-only: the next {@code count} exec commands see their connection dropped shortly after they start. */
    public void dropConnectionsAfterExecStarts(int count) {
        dropConnectionsAfterExecStarts(count, 300);
    }

    /** Test-only: as above, after {@code delayMillis}; 0 drops before a short command can answer. */
    public void dropConnectionsAfterExecStarts(int count, long delayMillis) {
        dropDelayMillis = delayMillis;
        dropsPending.set(count);
    }

    /** Test-only: closes every open connection (as a restarted sshd or a lost link would); new ones are still accepted. */
    public void dropAllConnections() {
        sshd.getActiveSessions().forEach(s -> s.close(true));
    }

    /** Test-only: reject every authentication attempt from now on. */
    public void refuseAuth() {
        refuseAuth.set(true);
    }

    public void stop() {
        try {
            dropper.shutdownNow();
            sshd.stop(true);
        } catch (IOException e) {
            throw new AutomationException("Cannot stop loopback SSH server: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
