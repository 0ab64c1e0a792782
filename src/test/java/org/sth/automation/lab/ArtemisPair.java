package org.sth.automation.lab;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Apache ActiveMQ Artemis primary/backup replication pair, the way an operator runs one (docs/scaling.md,
 * "A standalone broker pair"): two instances made with the distribution's own {@code artemis create} (a user and a role,
 * login required, the core protocol only), TLS on the acceptor (a PEM key and certificate signed by a test CA, so
 * neither side needs a keystore password), the phase queues and their dead-letter settings from
 * {@code configs/artemis-address-settings.xml}, each started as its own process ({@code artemis run}) in a network
 * namespace of its own ({@code lab/cluster-up}). The controllers join it with {@link #url}.
 */
final class ArtemisPair implements AutoCloseable {

    static final String USER = "sth";
    static final int PORT = 61617;

    private final Path home;
    private final Path dir;
    private final String password = secret();
    // the pair's brokers authenticate each other with it: one for both (a backup with another is refused, AMQ229099)
    private final String clusterPassword = secret();
    private final List<Process> brokers = new ArrayList<>();
    private final Process[] running = new Process[2];

    private ArtemisPair(Path home, Path dir) {
        this.home = home;
        this.dir = dir;
    }

    /** The distribution unpacked by the build ({@code target/artemis}, the lab profile), or null when it is not there. */
    static Path distribution() {
        Path home = Path.of(System.getProperty("artemis.home", "target/artemis/apache-artemis-2.40.0"));
        return Files.isRegularFile(home.resolve("bin/artemis")) ? home.toAbsolutePath() : null;
    }

    static String address(int broker) {
        return "10.77.8." + (20 + broker);
    }

    /** Creates both instances under {@code dir} (primary in namespace sthc-b1, backup in sthc-b2). */
    static ArtemisPair create(Path home, Path dir) throws Exception {
        ArtemisPair pair = new ArtemisPair(home, dir);
        pair.tls();
        Process primary = pair.createInstance(1, 2, false);
        Process backup = pair.createInstance(2, 1, true);
        for (Process p : List.of(primary, backup)) {
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("artemis create failed: " + Files.readString(dir.resolve("create-" + (p == primary ? 1 : 2) + ".log")));
            }
        }
        pair.configure(1, 2, false);
        pair.configure(2, 1, true);
        return pair;
    }

    /** The broker user's password: the controllers get it in STH_BROKER_PASSWORD, never on a command line. */
    String password() {
        return password;
    }

    /** The URL controllers join with: both brokers (failover), TLS against the test CA, and a test-scale connection TTL. */
    String url(Duration ttl) {
        return "(tcp://" + address(1) + ":" + PORT + ",tcp://" + address(2) + ":" + PORT + ")?ha=true&sslEnabled=true&trustStoreType=PEMCA"
                + "&trustStorePath=" + dir.resolve("tls/ca.pem") + "&connectionTTL=" + ttl.toMillis() + "&clientFailureCheckPeriod="
                + ttl.toMillis() / 3;
    }

    private void tls() throws Exception {
        Path tls = Files.createDirectories(dir.resolve("tls"));
        Files.writeString(tls.resolve("san.ext"), "subjectAltName=IP:" + address(1) + ",IP:" + address(2) + "\n");
        run(tls, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key",
                "-out", "ca.pem", "-days", "2", "-subj", "/CN=sth test broker CA");
        run(tls, "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "broker.key",
                "-out", "broker.csr", "-subj", "/CN=sth-broker");
        run(tls, "openssl", "x509", "-req", "-in", "broker.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
                "broker.crt", "-days", "2", "-extfile", "san.ext");
        Files.writeString(tls.resolve("broker.pem"), Files.readString(tls.resolve("broker.key")) + Files.readString(tls.resolve("broker.crt")));
    }

    private static void run(Path in, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(in.toFile()).redirectErrorStream(true).redirectOutput(in.resolve("openssl.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + Files.readString(in.resolve("openssl.log")));
        }
    }

    private Process createInstance(int me, int peer, boolean backup) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/artemis").toString(), "create", dir.resolve("b" + me).toString(), "--silent",
                "--user", USER, "--password", password, "--role", "sth-controller", "--require-login", "--no-web", "--no-autotune", "--nio",
                "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor", "--no-hornetq-acceptor", "--host", address(me),
                "--default-port", Integer.toString(PORT), "--replicated", "--cluster-user", "sth-cluster", "--cluster-password", clusterPassword,
                "--staticCluster", "tcp://" + address(peer) + ":" + PORT, "--java-memory", "384M"));
        if (backup) {
            cmd.add("--backup");
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("create-" + me + ".log").toFile()).start();
    }

    /** What broker.xml needs beyond artemis create: TLS, the pair's policy, no management for the controllers, the phase queues. */
    private void configure(int me, int peer, boolean backup) throws IOException {
        Path xml = dir.resolve("b" + me + "/etc/broker.xml");
        String s = Files.readString(xml);
        String ca = "trustStoreType=PEMCA;trustStorePath=" + dir.resolve("tls/ca.pem");
        String trust = "sslEnabled=true;" + ca;
        s = s.replaceFirst("<acceptor name=\"artemis\">[^<]*</acceptor>", "<acceptor name=\"artemis\">tcp://" + address(me) + ":" + PORT
                + "?protocols=CORE;sslEnabled=true;keyStoreType=PEM;keyStorePath=" + dir.resolve("tls/broker.pem") + ";" + ca + "</acceptor>");
        s = s.replaceFirst("<connector name=\"artemis\">[^<]*</connector>", "<connector name=\"artemis\">tcp://" + address(me) + ":" + PORT
                + "?" + trust + "</connector>");
        s = s.replaceFirst("<connector name ?= ?\"node0\">[^<]*</connector>", "<connector name=\"node0\">tcp://" + address(peer) + ":" + PORT
                + "?" + trust + "</connector>");
        // a primary that comes back while its backup serves must not become a second live broker; a backup hands back
        s = s.replace("<vote-on-replication-failure>true</vote-on-replication-failure>", "<check-for-active-server>true</check-for-active-server>");
        s = s.replace("<backup/>", "<backup><allow-failback>true</allow-failback></backup>");
        s = s.replace("<permission type=\"manage\" roles=\"sth-controller\"/>", "");
        String ours = Files.readString(Path.of("configs/artemis-address-settings.xml"));
        s = s.replaceFirst("<address-settings>", "<address-settings>" + between(ours, "<address-settings>", "</address-settings>"));
        s = s.replaceFirst("<addresses>", "<addresses>" + between(ours, "<addresses>", "</addresses>"));
        Files.writeString(xml, s);
        Path profile = dir.resolve("b" + me + "/etc/artemis.profile");
        Files.writeString(profile, Files.readString(profile).replace("-Xms512M", "-Xms64M"));
    }

    private static String between(String s, String from, String to) {
        return s.substring(s.indexOf(from) + from.length(), s.indexOf(to));
    }

    /** Starts both: the primary until it is active, then the backup until it is in sync with it. */
    void start() throws IOException {
        start(1, "AMQ221007");
        start(2, "AMQ221024");
    }

    /** Starts broker {@code n} ({@code artemis run} in namespace sthc-bN) and waits, bounded, until its log says {@code ready}. */
    void start(int n, String ready) throws IOException {
        Path log = dir.resolve("broker-" + n + ".log");
        long from = Files.exists(log) ? Files.size(log) : 0;
        Process p = new ProcessBuilder("ip", "netns", "exec", "sthc-b" + n, dir.resolve("b" + n + "/bin/artemis").toString(), "run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        running[n - 1] = p;
        brokers.add(p);
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(250)).failFast(() -> {
            if (!p.isAlive()) {
                throw new AssertionError("broker " + n + " stopped: " + tail(log));
            }
        }).until(() -> logSince(log, from).contains(ready));
    }

    /** SIGKILLs the primary (its machine is gone) and waits, bounded, until the backup serves. */
    void killPrimary() throws IOException {
        Path log = dir.resolve("broker-2.log");
        running[0].destroyForcibly();
        // AMQ221010: Backup Server is now active (AMQ221007 where a version logs the primary's line instead)
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> logSince(log, 0).contains("AMQ221010")
                || logSince(log, 0).contains("AMQ221007"));
    }

    /** Whether broker {@code n}'s log says {@code text}. */
    boolean logged(int n, String text) {
        return logSince(dir.resolve("broker-" + n + ".log"), 0).contains(text);
    }

    private static String logSince(Path log, long from) {
        try {
            byte[] all = Files.readAllBytes(log);
            return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Path log) {
        String s = logSince(log, 0);
        return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    }

    private static String secret() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public void close() {
        for (Process p : brokers) {
            p.destroyForcibly();
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
