package org.sth.automation.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.client.config.hosts.ConfigFileHostEntryResolver;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.config.keys.BuiltinClientIdentitiesWatcher;
import org.sth.automation.config.Hop;
import org.sth.automation.config.HostConfig;

/**
 * Fills what a host's TOML leaves open the way {@code ssh <name>} would: {@code ~/.ssh/config} as read by MINA SSHD's
 * own {@link ConfigFileHostEntryResolver} ({@code Host}, {@code HostName}, {@code User}, {@code Port},
 * {@code IdentityFile}, {@code ProxyJump}), then OpenSSH's fallbacks (the name, the local user, port 22). A hop without
 * {@code auth_ref} signs with the ssh-agent and then its {@code IdentityFile}s, or without any, the default keys
 * {@code ~/.ssh/id_ed25519}, {@code id_ecdsa}, {@code id_rsa}. Whatever the TOML sets wins; a host that leaves nothing
 * open is returned as written, without reading any file.
 */
final class OpenSshDefaults {

    /** Default key types, in the order they are offered (after the agent's keys). */
    static final List<String> DEFAULT_KEY_TYPES = List.of("ed25519", "ecdsa", "rsa");
    private static final int DEFAULT_PORT = 22;
    // OpenSSH refuses ProxyJump chains that loop; a bound on the depth is how MINA guards the same
    private static final int MAX_JUMPS = 10;
    // [user@]host[:port], host possibly an [IPv6] literal: one ProxyJump element as ssh(1) -J takes it
    private static final Pattern JUMP = Pattern.compile("(?:([^@]+)@)?(\\[[^\\]]+\\]|[^:@]+)(?::(\\d+))?");

    private final Path sshDir;
    private final String localUser;
    private final ConfigFileHostEntryResolver resolver;

    OpenSshDefaults(Path home, String localUser) {
        this.sshDir = home.resolve(".ssh");
        this.localUser = localUser;
        this.resolver = new ConfigFileHostEntryResolver(sshDir.resolve("config"));
    }

    /** The defaults of this process's user ({@code user.home}, {@code user.name}). */
    static OpenSshDefaults ofProcessUser() {
        return new OpenSshDefaults(Path.of(System.getProperty("user.home")), System.getProperty("user.name"));
    }

    Path configFile() {
        return sshDir.resolve("config");
    }

    /** The default key files, in the order offered (whether they exist or not). */
    List<Path> defaultKeyFiles() {
        return BuiltinClientIdentitiesWatcher.getBuiltinIdentitiesPaths(sshDir, DEFAULT_KEY_TYPES);
    }

    /**
     * The host's chain with every open field filled, controller side first, the target last. A host without a
     * {@code [hosts.transport]} table goes through its {@code ProxyJump} hosts (each one resolved the same way).
     */
    List<Hop> chain(HostConfig host) throws IOException {
        if (!host.isOpen()) {
            return host.chain();
        }
        List<Hop> out = new ArrayList<>();
        if (host.transport().declared()) {
            for (Hop h : host.transport().hops()) {
                out.add(fill(h));
            }
        } else {
            out.addAll(proxyJumps(lookup(host.name(), host.port(), host.username()), 0));
        }
        out.add(fill(host.targetHop()));
        return List.copyOf(out);
    }

    /** One hop with its open fields filled; a hop that leaves nothing open is returned as it is. */
    Hop fill(Hop hop) throws IOException {
        if (!hop.isOpen()) {
            return hop;
        }
        HostConfigEntry e = lookup(hop.name(), hop.port(), hop.username());
        String hostname = hop.hostname() != null ? hop.hostname() : e != null && notEmpty(e.getHostName()) ? e.getHostName() : hop.name();
        int port = hop.port() > 0 ? hop.port() : e != null && e.getPort() > 0 ? e.getPort() : DEFAULT_PORT;
        String user = hop.username() != null ? hop.username() : e != null && notEmpty(e.getUsername()) ? e.getUsername() : localUser;
        return new Hop(hop.name(), hostname, port, user, hop.authRef());
    }

    /**
     * Key files a hop without {@code auth_ref} offers after the agent: the {@code IdentityFile}s {@code ~/.ssh/config}
     * names for it, else the default keys; only those that exist.
     */
    List<Path> identityFiles(Hop hop) throws IOException {
        HostConfigEntry e = lookup(hop.name(), hop.port(), hop.username());
        List<Path> candidates = new ArrayList<>();
        if (e != null && !e.getIdentities().isEmpty()) {
            e.getIdentities().forEach(id -> candidates.add(Path.of(id)));
        } else {
            candidates.addAll(defaultKeyFiles());
        }
        return candidates.stream().filter(Files::isRegularFile).toList();
    }

    /** The entry {@code ~/.ssh/config} gives for {@code alias} (null when nothing matches or there is no file). */
    private HostConfigEntry lookup(String alias, int port, String user) throws IOException {
        if (!Files.exists(configFile())) {
            return null;
        }
        try {
            return resolver.resolveEffectiveHost(alias, port, null, user, null, null);
        } catch (IOException e) {
            throw new IOException(configFile() + ": " + e.getMessage(), e);
        }
    }

    private List<Hop> proxyJumps(HostConfigEntry entry, int depth) throws IOException {
        String proxyJump = entry == null ? null : entry.getProxyJump();
        if (!notEmpty(proxyJump) || "none".equalsIgnoreCase(proxyJump.strip())) {
            return List.of();
        }
        if (depth >= MAX_JUMPS) {
            throw new IOException(configFile() + ": ProxyJump chain deeper than " + MAX_JUMPS + " hops at '" + proxyJump
                    + "' (a loop between Host entries?)");
        }
        List<Hop> hops = new ArrayList<>();
        String[] jumps = proxyJump.split(",");
        for (int i = 0; i < jumps.length; i++) {
            Matcher m = JUMP.matcher(jumps[i].strip());
            if (!m.matches()) {
                throw new IOException(configFile() + ": ProxyJump element '" + jumps[i].strip() + "' is not [user@]host[:port]");
            }
            String alias = m.group(2).replaceAll("^\\[|]$", "");
            int port = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            if (i == 0) {
                // the first jump is dialled as `ssh <jump>` would be, through its own ProxyJump
                hops.addAll(proxyJumps(lookup(alias, port, m.group(1)), depth + 1));
            }
            hops.add(fill(new Hop(alias, null, port, m.group(1), null)));
        }
        return hops;
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isBlank();
    }
}
