package org.sth.automation.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.UnaryOperator;
import org.sth.automation.io.AtomicFiles;

/**
 * The embedded default lab: an in-process SSH server on loopback that runs commands on this machine,
 * a fresh client key, a known_hosts file pinning the server's host key, and a config naming the host
 * {@code demo-local}. Used by {@code demo} and by the end-to-end tests.
 */
public final class DemoEnvironment implements AutoCloseable {

    public static final String HOST = "demo-local";

    private final LoopbackSshServer server;
    private final Path config;
    private final KeyMaterial key;
    private final java.util.List<LoopbackSshServer> more = new java.util.ArrayList<>();

    private DemoEnvironment(LoopbackSshServer server, Path config, KeyMaterial key) {
        this.server = server;
        this.config = config;
        this.key = key;
    }

    /**
     * Adds {@code count} more hosts, {@code sim-1} … {@code sim-<count>}, each its own loopback SSH server with its own
     * host key (in known_hosts), for campaign simulations on one machine; returns their names.
     */
    public java.util.List<String> addHosts(int count) {
        if (count < 0 || count > 1000) {
            throw new IllegalArgumentException("hosts to add must be 0..1000, found " + count);
        }
        Path dir = config.getParent();
        StringBuilder toml = new StringBuilder();
        StringBuilder known = new StringBuilder();
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = "sim-" + i;
            LoopbackSshServer s = LoopbackSshServer.start(LoopbackSshServer.Options.keys(dir.resolve("server-state/" + name), key.publicKey())
                    .withTmpDir(hostTmp(dir)));
            more.add(s);
            names.add(name);
            known.append(s.knownHostsLine("127.0.0.1")).append('\n');
            toml.append("""

                    [[hosts]]
                    name = "%s"
                    hostname = "127.0.0.1"
                    port = %d
                    username = "%s"
                    tags = ["demo", "simulated"]
                    auth_ref = "demo_key"
                    """.formatted(name, s.port(), System.getProperty("user.name")));
        }
        try {
            Files.writeString(dir.resolve("known_hosts"), known.toString(), java.nio.file.StandardOpenOption.APPEND);
            Files.writeString(config, toml.toString(), java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot add hosts to " + config + ": " + e.getMessage(), e);
        }
        return names;
    }

    /**
     * The demo host's {@code TMPDIR}: {@code <dir>/host-tmp}, so the scratch of a run that never finalized stays in the
     * demo's folder rather than this machine's /tmp; inherited when that path has characters a scratch path may not
     * hold (a run's scratch is a path of safe characters only).
     */
    private static Path hostTmp(Path dir) {
        Path tmp = dir.toAbsolutePath().normalize().resolve("host-tmp");
        return org.sth.automation.run.RemoteScratch.isScratch(tmp + "/sth-bench-automation.x") ? tmp : null;
    }

    /** Starts the server (on {@code port}, 0 for any free one) and writes {@code <dir>/demo.toml}; {@code extraToml} is appended. */
    public static DemoEnvironment start(Path dir, int port, String extraToml) {
        return start(dir, port, extraToml, UnaryOperator.identity());
    }

    /** As {@link #start(Path, int, String)}, with the loopback server's options adjusted (e.g. a PATH prefix). */
    public static DemoEnvironment start(Path dir, int port, String extraToml, UnaryOperator<LoopbackSshServer.Options> adjust) {
        Path abs = dir.toAbsolutePath().normalize();
        KeyMaterial key = KeyMaterial.generate(abs.resolve("keys/id_demo"), "sth-bench-automation-demo");
        LoopbackSshServer server = LoopbackSshServer.start(adjust.apply(LoopbackSshServer.Options.keys(abs.resolve("server-state"), key.publicKey())
                .withPort(port).withTmpDir(hostTmp(abs))));
        AtomicFiles.write(abs.resolve("known_hosts"), server.knownHostsLine("127.0.0.1") + "\n");
        String toml = """
                # Written by `sth-bench-automation demo`: one host, the in-process SSH server on loopback.
                [paths]
                runs_root = "automation-runs"
                work_root = "work"
                bundle_cache_dir = "bundle-cache"

                [ssh]
                known_hosts = "known_hosts"
                host_key_policy = "strict"

                [execution]
                heartbeat_secs = 2
                protected_tags = ["shared"]

                # The demo host is whatever machine runs the demo: topology is captured when hwloc is
                # installed, and its absence is reported (with the install command) instead of blocking.
                [execution.allow_missing_commands]
                system-info = ["lstopo"]

                [auth_refs.demo_key]
                type = "key_file"
                value = "keys/id_demo"

                [[hosts]]
                name = "%s"
                hostname = "127.0.0.1"
                port = %d
                username = "%s"
                display_name = "This machine, over loopback SSH"
                tags = ["demo"]
                auth_ref = "demo_key"

                [hosts.retry]
                attempts = 2
                backoff_secs = 1
                connect_timeout_secs = 10
                command_timeout_secs = 300
                """.formatted(HOST, server.port(), System.getProperty("user.name")) + (extraToml == null ? "" : "\n" + extraToml);
        copyShippedBundles(abs.resolve("bundle-cache"));
        Path config = abs.resolve("demo.toml");
        AtomicFiles.write(config, toml);
        return new DemoEnvironment(server, config, key);
    }

    /** Copies the bundles listed in the jar's {@code bundle-cache/INDEX} into the demo's bundle cache. */
    static void copyShippedBundles(Path cache) {
        ClassLoader cl = DemoEnvironment.class.getClassLoader();
        try (var index = cl.getResourceAsStream("bundle-cache/INDEX")) {
            if (index == null) {
                return;
            }
            Files.createDirectories(cache);
            for (String line : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try (var in = cl.getResourceAsStream("bundle-cache/" + name)) {
                    if (in != null) {
                        Files.copy(in, cache.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the shipped bundles into " + cache + ": " + e.getMessage(), e);
        }
    }

    public Path config() {
        return config;
    }

    public LoopbackSshServer server() {
        return server;
    }

    @Override
    public void close() {
        more.forEach(LoopbackSshServer::stop);
        server.stop();
    }
}
