package org.sth.automation.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.sth.automation.config.AuthRef;
import org.sth.automation.config.Hop;
import org.sth.automation.config.HostConfig;
import org.sth.automation.config.RetryPolicy;
import org.sth.automation.config.SshSettings;

/**
 * Opens {@link RemoteSession}s over MINA SSHD: builds a host's hop chain once (each hop reached through
 * a direct-tcpip forward of the previous one), verifies every hop's host key, authenticates each hop
 * with its own auth_ref and applies the host's retry policy to retryable connection failures.
 */
public final class SshTransport implements AutoCloseable {

    private final SshSettings ssh;
    private final Map<String, AuthRef> authRefs;
    private final SecretSource secrets;
    private final TransportListener listener;
    private final SshClient client;
    // every secret value resolved so far, so ledgers and messages can mask it
    private final Set<String> resolvedSecrets = ConcurrentHashMap.newKeySet();
    private volatile Duration killGrace = Duration.ofSeconds(5);
    private volatile OpenSshDefaults openSsh = OpenSshDefaults.ofProcessUser();
    // one authenticated session per jump hop, shared by every target behind it
    private final SharedHops sharedHops = new SharedHops();

    public SshTransport(SshSettings ssh, Map<String, AuthRef> authRefs, SecretSource secrets, TransportListener listener) {
        this.ssh = ssh;
        this.authRefs = Map.copyOf(authRefs);
        this.secrets = secrets;
        this.listener = listener == null ? TransportListener.NONE : listener;
        this.client = SshClient.setUpDefaultClient();
        // each hop offers its own identities (its auth_ref's, or OpenSSH's defaults when it has none), set per session
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        // hops are dialled by address: OpenSshDefaults applies ~/.ssh/config to what the TOML leaves open, before dialling
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setServerKeyVerifier(new KnownHostsVerifier(ssh));
        Algorithms.apply(client, ssh);
        // SSH packets are whole messages: Nagle only holds a channel EOF or request behind an unacknowledged
        // packet until the peer's delayed ACK (40 ms on Linux), which the loopback forwarding of a jump doubles
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        // hops with auth_ref type "agent" sign through SSH_AUTH_SOCK; every other hop sees an empty agent
        client.setAgentFactory(new UnixSocketAgent.Factory());
        client.start();
    }

    /** Grace between {@code kill -TERM} and {@code kill -KILL} of a command's process group (default 5 s). */
    public SshTransport withKillGrace(Duration grace) {
        this.killGrace = grace;
        return this;
    }

    /** Reads {@code ~/.ssh} of {@code home} (not {@code user.home}) for hosts the TOML leaves open; for tests. */
    SshTransport withOpenSshHome(Path home, String localUser) {
        this.openSsh = new OpenSshDefaults(home, localUser);
        return this;
    }

    /**
     * The hops of {@code host} as they are dialled, controller side first: the configured chain with what the TOML
     * leaves open filled from {@code ~/.ssh/config} (including its {@code ProxyJump}) and OpenSSH's defaults.
     */
    public List<Hop> chainOf(HostConfig host) {
        try {
            return openSsh.chain(host);
        } catch (IOException | RuntimeException e) {
            throw new TransportException(FailureClass.SSH_CONFIG, host.name(), host.name(), redactor().redact(
                    "cannot apply " + openSsh.configFile() + " to host '" + host.name() + "': " + rootMessage(e)
                            + " (fix the file, or set hostname, port, username, auth_ref and [hosts.transport] in the TOML)"), null);
        }
    }

    Duration killGrace() {
        return killGrace;
    }

    org.sth.automation.config.SshSettings.RemoteShell remoteShell() {
        return ssh.remoteShell();
    }

    TransportListener listener() {
        return listener;
    }

    SecretRedactor redactor() {
        return new SecretRedactor(new HashSet<>(resolvedSecrets));
    }

    /** Connects the whole chain of {@code host} (with retries) and returns a session reused for all work. */
    public RemoteSession open(HostConfig host) {
        HopChain chain = connectWithRetry(host);
        return new SshRemoteSession(this, host, chain);
    }

    HopChain connectWithRetry(HostConfig host) {
        RetryPolicy retry = host.retry() == null ? RetryPolicy.DEFAULT : host.retry();
        int attempts = Math.max(1, retry.attempts());
        TransportException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                return connect(host, retry.connectTimeout(), report -> { });
            } catch (TransportException e) {
                last = e;
                if (!e.retryable()) {
                    throw e;
                }
                if (attempt == attempts) {
                    throw e.afterAttempts(attempts);
                }
                pause(backoff(retry.backoff(), attempt));
            }
        }
        throw last;
    }

    static Duration backoff(Duration base, int attempt) {
        long factor = 1L << Math.min(attempt - 1, 5);
        return (base == null ? Duration.ZERO : base).multipliedBy(factor);
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(FailureClass.UNKNOWN, "-", "-", "interrupted while waiting to retry", e);
        }
    }

    /**
     * One connection attempt over the chain; {@code perHop} is told about every hop reached (ok) and
     * the one that failed, in order. Throws on the first failing hop. The jump hops are held from {@link SharedHops}:
     * a jump session another chain opened is reused (reported "ok", reused), a dead one is replaced once.
     */
    HopChain connect(HostConfig host, Duration timeout, Consumer<HopReport> perHop) {
        Duration connectTimeout = timeout == null ? RetryPolicy.DEFAULT.connectTimeout() : timeout;
        List<Hop> hops = chainOf(host);
        List<ClientSession> sessions = new ArrayList<>();
        List<SharedHops.Hold> jumps = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        try {
            for (int i = 0; i < hops.size(); i++) {
                Hop hop = hops.get(i);
                ClientSession previous = i == 0 ? null : sessions.get(i - 1);
                HostKeyCheck check = new HostKeyCheck(host.name(), hop);
                try {
                    if (i < hops.size() - 1) {
                        key.append('>').append(hop.username()).append('@').append(hop.hostname()).append(':').append(hop.port())
                                .append('#').append(hop.authRef());
                        boolean[] reused = {false};
                        SharedHops.Hold jump = sharedHops.hold(key.toString(), () -> {
                            Connected c = connectHop(host, hop, previous, check, connectTimeout);
                            return new SharedHops.Opened(c.session(), check.fingerprint, previous, c.forward());
                        }, reused);
                        jumps.add(jump);
                        sessions.add(jump.session());
                        perHop.accept(new HopReport(host.name(), hop.name(), hop.address(), "ok",
                                reused[0] ? "reused the authenticated session shared by every target behind this hop" : "connected and authenticated",
                                jump.fingerprint()));
                    } else {
                        Connected c = connectHop(host, hop, previous, check, connectTimeout);
                        sessions.add(c.session());
                        perHop.accept(new HopReport(host.name(), hop.name(), hop.address(), "ok", "connected and authenticated", check.fingerprint));
                        return new HopChain(sessions, jumps, c.forward());
                    }
                } catch (TransportException e) {
                    perHop.accept(new HopReport(host.name(), hop.name(), hop.address(), e.failureClass().code(), e.getMessage(), check.fingerprint));
                    throw e;
                }
            }
            throw new IllegalStateException("host " + host.name() + " has an empty chain");
        } catch (RuntimeException e) {
            for (int i = jumps.size() - 1; i >= 0; i--) {
                jumps.get(i).release();
            }
            throw e;
        }
    }

    /** How many jump sessions this transport opened so far, i.e. authentications on jump hops. */
    public int jumpSessionsOpened() {
        return sharedHops.opened();
    }

    /** A connected, authenticated hop and the forwarding on the previous hop it rides on (null for the first hop). */
    private record Connected(ClientSession session, SshdSocketAddress forward) {
    }

    private Connected connectHop(HostConfig host, Hop hop, ClientSession via, HostKeyCheck check, Duration timeout) {
        // resolve credentials before touching the network: a missing secret must fail fast
        Identity identity = identity(host, hop);
        InetSocketAddress address;
        SshdSocketAddress forward = null;
        if (via == null) {
            try {
                address = new InetSocketAddress(InetAddress.getByName(hop.hostname()), hop.port());
            } catch (UnknownHostException e) {
                throw fail(FailureClass.DNS, host, hop, "cannot resolve '" + hop.hostname() + "'", e);
            }
        } else {
            try {
                forward = via.startLocalPortForwarding(
                        new SshdSocketAddress("127.0.0.1", 0), new SshdSocketAddress(hop.hostname(), hop.port()));
                address = new InetSocketAddress("127.0.0.1", forward.getPort());
            } catch (IOException e) {
                throw fail(FailureClass.CHANNEL_OPEN_FAILED, host, hop, "cannot set up forwarding to " + hop.hostname() + ":" + hop.port(), e);
            }
        }
        ClientSession session;
        try {
            ConnectFuture future = client.connect(hop.username(), address,
                    AttributeRepository.ofKeyValuePair(HostKeyCheck.KEY, check), null);
            session = future.verify(timeout).getClientSession();
        } catch (IOException | RuntimeException e) {
            stopForwarding(via, forward);
            throw classifyConnect(host, hop, via != null, check, e);
        }
        try {
            identity.apply(session);
            session.auth().verify(timeout);
            return new Connected(session, forward);
        } catch (IOException | RuntimeException e) {
            session.close(true);
            stopForwarding(via, forward);
            if (check.failure != null) {
                throw fail(check.failure, host, hop, check.message, null);
            }
            FailureClass cls = classify(e);
            if (cls == FailureClass.TIMEOUT || cls == FailureClass.CONNECTION_REFUSED) {
                throw fail(cls, host, hop, "during authentication: " + rootMessage(e), e);
            }
            if (!session.isOpen() && via != null && check.fingerprint == null) {
                throw fail(FailureClass.CHANNEL_OPEN_FAILED, host, hop, channelMessage(hop), e);
            }
            throw fail(FailureClass.AUTH_FAILED, host, hop, "authentication as '" + hop.username() + "' with "
                    + describe(hop) + " was rejected by hop '" + hop.name() + "' (" + hop.address() + ")", null);
        }
    }

    private static void stopForwarding(ClientSession via, SshdSocketAddress forward) {
        if (via != null && forward != null && via.isOpen()) {
            try {
                via.stopLocalPortForwarding(forward);
            } catch (IOException | RuntimeException e) {
                // the forwarding goes with its session anyway
            }
        }
    }

    private TransportException classifyConnect(HostConfig host, Hop hop, boolean viaJump, HostKeyCheck check, Exception e) {
        if (check.failure != null) {
            return fail(check.failure, host, hop, check.message, null);
        }
        FailureClass cls = classify(e);
        if (viaJump && cls != FailureClass.TIMEOUT) {
            return fail(FailureClass.CHANNEL_OPEN_FAILED, host, hop, channelMessage(hop), e);
        }
        String detail = switch (cls) {
            case CONNECTION_REFUSED -> "connection refused by " + hop.hostname() + ":" + hop.port();
            case TIMEOUT -> "no answer from " + hop.hostname() + ":" + hop.port() + " in time";
            case DNS -> "cannot resolve '" + hop.hostname() + "'";
            default -> "cannot connect to " + hop.hostname() + ":" + hop.port() + ": " + rootMessage(e);
        };
        return fail(cls, host, hop, detail, e);
    }

    private static String channelMessage(Hop hop) {
        return "the previous hop could not open a channel to " + hop.hostname() + ":" + hop.port()
                + " (host down, port closed or name unknown from the jump host)";
    }

    static FailureClass classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException && !(t instanceof NoRouteToHostException)) {
                return FailureClass.CONNECTION_REFUSED;
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return FailureClass.DNS;
            }
            if (t instanceof SocketTimeoutException || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof java.nio.channels.InterruptedByTimeoutException || t instanceof NoRouteToHostException) {
                return FailureClass.TIMEOUT;
            }
            String m = t.getMessage();
            if (m != null && m.toLowerCase(java.util.Locale.ROOT).contains("timeout")) {
                return FailureClass.TIMEOUT;
            }
        }
        return FailureClass.UNKNOWN;
    }

    private TransportException fail(FailureClass cls, HostConfig host, Hop hop, String message, Throwable cause) {
        SecretRedactor r = redactor();
        // the MINA cause may quote anything it received; keep only a redacted message of it
        Throwable safeCause = cause == null ? null : new IOException(r.redact(rootMessage(cause)));
        return new TransportException(cls, host.name(), hop.name(), r.redact(message), safeCause);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private String describe(Hop hop) {
        if (hop.authRef() == null) {
            return "OpenSSH's defaults (ssh-agent, " + openSsh.configFile().getParent() + "/id_ed25519, id_ecdsa, id_rsa or IdentityFile)";
        }
        AuthRef ref = authRefs.get(hop.authRef());
        return ref == null ? "auth_ref '" + hop.authRef() + "'" : ref.describe();
    }

    /** The environment variable naming the SSH agent's socket, as for OpenSSH. */
    static final String AGENT_SOCKET_ENV = "SSH_AUTH_SOCK";

    /** How one hop authenticates, resolved before connecting. */
    private interface Identity {
        void apply(ClientSession session);
    }

    private Identity identity(HostConfig host, Hop hop) {
        if (hop.authRef() == null) {
            return openSshIdentity(host, hop);
        }
        AuthRef ref = authRefs.get(hop.authRef());
        if (ref == null) {
            throw fail(FailureClass.AUTH_FAILED, host, hop, "auth_ref '" + hop.authRef() + "' is not defined in [auth_refs]", null);
        }
        return switch (ref.type()) {
            case PASSWORD_ENV -> {
                String value = requireEnv(host, hop, ref.value(), "auth_ref '" + ref.name() + "'", "export it before running");
                resolvedSecrets.add(value);
                yield s -> s.addPasswordIdentity(value);
            }
            case KEY_FILE -> {
                List<KeyPair> keys = loadKeys(host, hop, ref);
                yield s -> keys.forEach(s::addPublicKeyIdentity);
            }
            case AGENT -> {
                Path socket = Path.of(requireEnv(host, hop, AGENT_SOCKET_ENV, "auth_ref '" + ref.name() + "' uses the SSH agent",
                        "start ssh-agent and add the key (ssh-add)"));
                if (!Files.exists(socket)) {
                    throw fail(FailureClass.AUTH_FAILED, host, hop, "the SSH agent socket " + socket + " (" + AGENT_SOCKET_ENV
                            + ", auth_ref '" + ref.name() + "') does not exist; is ssh-agent running?", null);
                }
                yield s -> s.setAttribute(UnixSocketAgent.SOCKET, socket);
            }
        };
    }

    /**
     * A hop without {@code auth_ref}, as OpenSSH: the agent's keys when {@code SSH_AUTH_SOCK} names a socket, then
     * the hop's {@code IdentityFile}s or the default keys (MINA's loader; an encrypted one is skipped, as it cannot be
     * asked for its passphrase: it belongs in the agent). Fails before dialling when there is nothing to offer.
     */
    private Identity openSshIdentity(HostConfig host, Hop hop) {
        Path socket = secrets.env(AGENT_SOCKET_ENV).filter(v -> !v.isEmpty()).map(Path::of).filter(Files::exists).orElse(null);
        List<KeyPair> keys = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<Path> files;
        try {
            files = openSsh.identityFiles(hop);
        } catch (IOException e) {
            throw fail(FailureClass.SSH_CONFIG, host, hop, "cannot read " + openSsh.configFile() + ": " + e.getMessage(), null);
        }
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, () -> file.toString(), in, FilePasswordProvider.EMPTY);
                if (loaded != null) {
                    loaded.forEach(keys::add);
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                skipped.add(file.getFileName() + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : "encrypted or unreadable") + ")");
            }
        }
        if (socket == null && keys.isEmpty()) {
            throw fail(FailureClass.MISSING_KEY_FILE, host, hop, "hop '" + hop.name() + "' names no auth_ref and OpenSSH's defaults offer "
                    + "nothing: " + AGENT_SOCKET_ENV + " is " + secrets.env(AGENT_SOCKET_ENV).filter(v -> !v.isEmpty())
                            .map(v -> "'" + v + "' (no such socket)").orElse("not set") + " and no usable key in "
                    + (files.isEmpty() ? openSsh.defaultKeyFiles() : files) + (skipped.isEmpty() ? "" : ", skipped " + skipped)
                    + " (fix: ssh-add the key to a running ssh-agent, add ~/.ssh/id_ed25519, or set auth_ref)", null);
        }
        return s -> {
            if (socket != null) {
                s.setAttribute(UnixSocketAgent.SOCKET, socket);
            }
            keys.forEach(s::addPublicKeyIdentity);
        };
    }

    /** A non-empty environment variable, or {@code missing_secret_env} naming it (never a value) and what it is for. */
    private String requireEnv(HostConfig host, Hop hop, String variable, String purpose, String fix) {
        return secrets.env(variable).filter(v -> !v.isEmpty()).orElseThrow(() -> fail(FailureClass.MISSING_SECRET_ENV, host, hop,
                "environment variable " + variable + " (" + purpose + ") is not set; " + fix, null));
    }

    private List<KeyPair> loadKeys(HostConfig host, Hop hop, AuthRef ref) {
        Path file = Path.of(ref.value().startsWith("~/")
                ? System.getProperty("user.home") + ref.value().substring(1) : ref.value());
        if (!Files.isReadable(file)) {
            throw fail(FailureClass.MISSING_KEY_FILE, host, hop, "key file " + file + " (auth_ref '" + ref.name()
                    + "') does not exist or is not readable", null);
        }
        String passphrase = null;
        if (ref.passphraseEnv() != null) {
            passphrase = requireEnv(host, hop, ref.passphraseEnv(), "passphrase of the key of auth_ref '" + ref.name() + "'",
                    "export it before running");
            resolvedSecrets.add(passphrase);
        }
        FilePasswordProvider passwords = passphrase == null ? FilePasswordProvider.EMPTY : FilePasswordProvider.of(passphrase);
        try (InputStream in = Files.newInputStream(file)) {
            List<KeyPair> keys = new ArrayList<>();
            Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, () -> file.toString(), in, passwords);
            if (loaded != null) {
                loaded.forEach(keys::add);
            }
            if (keys.isEmpty()) {
                throw fail(FailureClass.MISSING_KEY_FILE, host, hop, "key file " + file + " holds no usable private key", null);
            }
            return keys;
        } catch (IOException | GeneralSecurityException e) {
            // MINA's message never contains the passphrase, but it goes through the redactor like every message
            throw fail(FailureClass.MISSING_KEY_FILE, host, hop, "cannot load key file " + file + " (auth_ref '" + ref.name() + "'): "
                    + (passphrase == null ? "if it is encrypted, set passphrase_env = \"VAR\" in [auth_refs." + ref.name()
                            + "] or load it into ssh-agent and use type = \"agent\"; "
                            : "wrong passphrase in " + ref.passphraseEnv() + "? ")
                    + redactor().redact(String.valueOf(e.getMessage())), null);
        }
    }

    @Override
    public void close() {
        sharedHops.closeAll();
        client.stop();
    }
}
