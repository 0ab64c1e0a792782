package org.sth.automation.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.kex.BuiltinDHFactories;

/**
 * Maps a parsed TOML document onto the config records, applying defaults and resolving paths.
 * Shape problems (unknown keys, wrong types, missing required keys, bad enum values) are
 * collected; cross-checks between records are left to {@link ConfigValidator}.
 */
final class ConfigBinder {

    /** Port of a host or hop whose TOML names none: OpenSSH decides (~/.ssh/config {@code Port}, else 22). */
    static final int OPEN_PORT = 0;

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String REPO_SUFFIX = "_repo";

    private static final Set<String> TOP = Set.of(
            "paths", "defaults", "ssh", "execution", "auth_refs", "hosts", "publish", "bundles");
    private static final Set<String> BUNDLE = Set.of("path", "builder");
    private static final Set<String> PATHS = Set.of("runs_root", "work_root", "bundle_cache_dir");
    private static final Set<String> DEFAULTS = Set.of("username", "port");
    private static final Set<String> SSH = Set.of("known_hosts", "host_key_policy", "kex", "ciphers", "remote_shell");
    private static final Set<String> EXECUTION = Set.of(
            "heartbeat_secs", "max_execution_secs", "max_execution_secs_per_adapter", "protected_tags", "keep_remote",
            "allow_missing_commands", "bootstrap_commands", "max_parallel_hosts", "min_free_disk_mib");
    private static final Set<String> AUTH = Set.of("type", "value", "passphrase_env");
    private static final Set<String> HOST = Set.of(
            "name", "hostname", "port", "username", "display_name", "tags", "auth_ref", "transport", "retry");
    private static final Set<String> TRANSPORT = Set.of("type", "hops");
    private static final Set<String> HOP = Set.of("name", "hostname", "port", "username", "auth_ref");
    private static final Set<String> RETRY = Set.of(
            "attempts", "backoff_secs", "connect_timeout_secs", "command_timeout_secs");
    private static final Set<String> PUBLISH = Set.of(
            "repo_path_key", "remote", "remote_url", "base_branch", "push_local", "create_pr_local");

    private final Problems problems;
    private final Path baseDir;

    ConfigBinder(Problems problems, Path baseDir) {
        this.problems = problems;
        this.baseDir = baseDir;
    }

    /** Binds the generic tables; {@code extensionTables} are the tables {@link TableBinder}s bind afterwards. */
    AutomationConfig bind(TomlSection root, Path source, Set<String> extensionTables) {
        Set<String> top = new java.util.TreeSet<>(TOP);
        top.addAll(extensionTables);
        root.allowOnly(top);
        PathsConfig paths = paths(root.table("paths"));
        TomlSection defaults = root.table("defaults");
        defaults.allowOnly(DEFAULTS);
        // no built-in default: a user or port the TOML leaves open is OpenSSH's (~/.ssh/config, the local user, 22)
        String defaultUser = defaults.string("username", null);
        int defaultPort = port(defaults, OPEN_PORT);
        SshSettings ssh = ssh(root.table("ssh"));
        ExecutionSettings execution = execution(root.table("execution"));
        Map<String, AuthRef> authRefs = authRefs(root.table("auth_refs"));
        List<HostConfig> hosts = new ArrayList<>();
        for (TomlSection h : root.tables("hosts")) {
            hosts.add(host(h, defaultUser, defaultPort));
        }
        Map<String, PublishTarget> publish = publish(root.table("publish"));
        return new AutomationConfig(source, paths, authRefs, hosts, ssh, execution, publish, bundles(root.table("bundles")), Map.of());
    }

    private Map<String, AutomationConfig.BundleSettings> bundles(TomlSection s) {
        Map<String, AutomationConfig.BundleSettings> out = new LinkedHashMap<>();
        for (Map.Entry<String, TomlSection> e : s.subTables()) {
            TomlSection b = e.getValue();
            b.allowOnly(BUNDLE);
            out.put(e.getKey(), new AutomationConfig.BundleSettings(path(b, "path", null), path(b, "builder", null)));
        }
        return out;
    }

    private PathsConfig paths(TomlSection s) {
        s.allowOnly(PATHS, k -> k.endsWith(REPO_SUFFIX) && k.length() > REPO_SUFFIX.length(),
                "a results repository key must end in _repo, e.g. system_info_repo");
        Map<String, Path> repos = new LinkedHashMap<>();
        for (String k : s.keys()) {
            if (k.endsWith(REPO_SUFFIX) && k.length() > REPO_SUFFIX.length()) {
                Path p = path(s, k, null);
                if (p != null) {
                    repos.put(k.substring(0, k.length() - REPO_SUFFIX.length()), p);
                }
            }
        }
        return new PathsConfig(
                path(s, "runs_root", "automation-runs"),
                path(s, "work_root", "work"),
                path(s, "bundle_cache_dir", "bundle-cache"),
                repos);
    }

    private SshSettings ssh(TomlSection s) {
        s.allowOnly(SSH);
        Path knownHosts = path(s, "known_hosts", "~/.ssh/known_hosts");
        String policyName = s.string("host_key_policy", SshSettings.HostKeyPolicy.STRICT.tomlName());
        SshSettings.HostKeyPolicy policy = SshSettings.HostKeyPolicy.fromToml(policyName);
        if (policy == null) {
            s.problem("host_key_policy", "unknown host key policy '" + policyName + "'",
                    "use one of: strict, accept-new");
            policy = SshSettings.HostKeyPolicy.STRICT;
        }
        String shellName = s.string("remote_shell", SshSettings.RemoteShell.RUNNER.tomlName());
        SshSettings.RemoteShell shell = SshSettings.RemoteShell.fromToml(shellName);
        if (shell == null) {
            s.problem("remote_shell", "unknown remote shell '" + shellName + "'", "use one of: runner, per-command");
            shell = SshSettings.RemoteShell.RUNNER;
        }
        return new SshSettings(knownHosts, policy,
                algorithms(s, "kex", "key exchange", n -> {
                    BuiltinDHFactories f = BuiltinDHFactories.fromFactoryName(n);
                    return f != null && f.isSupported();
                }, () -> BuiltinDHFactories.VALUES.stream().filter(BuiltinDHFactories::isSupported).map(BuiltinDHFactories::getName).toList()),
                algorithms(s, "ciphers", "cipher", n -> {
                    BuiltinCiphers c = BuiltinCiphers.fromFactoryName(n);
                    return c != null && c.isSupported();
                }, () -> BuiltinCiphers.VALUES.stream().filter(BuiltinCiphers::isSupported).map(BuiltinCiphers::getName).toList()), shell);
    }

    /**
     * {@code [ssh] kex} / {@code ciphers}: SSH algorithm names this client implements, checked here so that
     * {@code validate --scope config} and every verb refuse a typo before a run is queued (the transport would
     * otherwise refuse it only when it connects, after the run was accepted). The client's algorithms are asked for only
     * when names are given, and the list of them only for a refused one: asking registers the JCA providers (Bouncy
     * Castle's hundreds of classes from a signed jar, which the class-data-sharing archive cannot hold), about 0.3 s of
     * CPU in every verb that reads a config (docs/performance.md, "Cold start").
     */
    private static List<String> algorithms(TomlSection s, String key, String what, Predicate<String> known,
            Supplier<List<String>> supported) {
        List<String> names = s.strings(key, List.of());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (known.test(n)) {
                out.add(n);
            } else {
                s.problem(key, i, "unknown or unsupported " + what + " '" + n + "'",
                        "use one of: " + String.join(", ", supported.get()) + "; or remove " + key + " for the engine's defaults");
            }
        }
        return out;
    }

    private ExecutionSettings execution(TomlSection s) {
        s.allowOnly(EXECUTION);
        Map<String, Duration> perAdapter = new LinkedHashMap<>();
        TomlSection adapters = s.table("max_execution_secs_per_adapter");
        for (String adapter : adapters.keys()) {
            perAdapter.put(adapter, adapters.seconds(adapter, Duration.ofSeconds(3600), ExecutionSettings.MIN_CEILING,
                    ExecutionSettings.MAX_CEILING));
        }
        Map<String, List<String>> allowMissing = new LinkedHashMap<>();
        TomlSection missing = s.table("allow_missing_commands");
        for (String adapter : missing.keys()) {
            allowMissing.put(adapter, missing.strings(adapter, List.of()));
        }
        return new ExecutionSettings(
                s.seconds("heartbeat_secs", Duration.ofSeconds(15), ExecutionSettings.MIN_HEARTBEAT, ExecutionSettings.MAX_HEARTBEAT),
                s.has("max_execution_secs") ? s.seconds("max_execution_secs", Duration.ofSeconds(3600), ExecutionSettings.MIN_CEILING,
                        ExecutionSettings.MAX_CEILING) : null,
                perAdapter,
                s.strings("protected_tags", List.of("shared")),
                s.bool("keep_remote", false),
                allowMissing,
                bootstrapCommands(s.table("bootstrap_commands")),
                maxParallelHosts(s),
                s.integer("min_free_disk_mib", ExecutionSettings.DEFAULT_MIN_FREE_DISK_MIB, 0, ExecutionSettings.MAX_MIN_FREE_DISK_MIB));
    }

    private int maxParallelHosts(TomlSection s) {
        long n = s.integer("max_parallel_hosts", ExecutionSettings.DEFAULT_MAX_PARALLEL_HOSTS);
        if (n < 1 || n > ExecutionSettings.MAX_PARALLEL_HOSTS) {
            s.problem("max_parallel_hosts", "max_parallel_hosts must be 1.." + ExecutionSettings.MAX_PARALLEL_HOSTS + ", found " + n,
                    "set how many hosts may run at once, e.g. max_parallel_hosts = 64");
            return ExecutionSettings.DEFAULT_MAX_PARALLEL_HOSTS;
        }
        return (int) n;
    }

    private Map<String, String> bootstrapCommands(TomlSection s) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : s.keys()) {
            String command = s.string(name, null);
            if (command != null && command.isBlank()) {
                s.problem(name, "bootstrap command is empty", "remove it to use the built-in command, or write the shell command");
            } else if (command != null) {
                out.put(name, command);
            }
        }
        return out;
    }

    private Map<String, AuthRef> authRefs(TomlSection s) {
        Map<String, AuthRef> refs = new LinkedHashMap<>();
        for (Map.Entry<String, TomlSection> e : s.subTables()) {
            String name = e.getKey();
            TomlSection a = e.getValue();
            a.allowOnly(AUTH);
            String typeName = a.requiredString("type",
                    "add type = \"password_env\", \"key_file\" or \"agent\" to [" + a.path() + "]");
            AuthRef.Type type = typeName == null ? null : AuthRef.Type.fromToml(typeName);
            if (typeName != null && type == null) {
                a.problem("type", "unknown auth type '" + typeName + "'",
                        "use one of: password_env, key_file, agent");
            }
            refs.put(name, new AuthRef(name, type, authValue(a, type), passphraseEnv(a, type)));
        }
        return refs;
    }

    private String passphraseEnv(TomlSection a, AuthRef.Type type) {
        String v = a.string("passphrase_env", null);
        if (v == null) {
            return null;
        }
        if (type != AuthRef.Type.KEY_FILE) {
            a.problem("passphrase_env", "passphrase_env only applies to type \"key_file\"", "remove it from [" + a.path() + "]");
            return null;
        }
        if (!ENV_NAME.matcher(v).matches()) {
            a.problem("passphrase_env", "passphrase_env is not an environment variable name (value not shown in case it is a secret)",
                    "set passphrase_env to the NAME of an environment variable, e.g. passphrase_env = \"STH_KEY_PASSPHRASE\"");
            return null;
        }
        return v;
    }

    private String authValue(TomlSection a, AuthRef.Type type) {
        if (type == AuthRef.Type.PASSWORD_ENV) {
            String v = a.requiredString("value",
                    "add value = \"ENV_VAR_NAME\": the NAME of the environment variable holding the password");
            if (v != null && !ENV_NAME.matcher(v).matches()) {
                // The value is not echoed: an operator may have pasted the password itself here.
                a.problem("value", "password_env value is not an environment variable name "
                                + "(value not shown in case it is a secret)",
                        "set value to the NAME of an environment variable ([A-Za-z_][A-Za-z0-9_]*), "
                                + "e.g. value = \"STH_JUMPBOX_PASSWORD\", and export the password in it");
            }
            return v;
        }
        if (type == AuthRef.Type.KEY_FILE) {
            String raw = a.requiredString("value", "add value = \"~/.ssh/id_ed25519\" (path to the private key)");
            Path p = raw == null ? null : resolve(a, "value", raw);
            return p == null ? null : p.toString();
        }
        if (type == AuthRef.Type.AGENT && a.has("value")) {
            a.problem("value", "type \"agent\" takes no value (keys come from SSH_AUTH_SOCK)",
                    "remove value from [" + a.path() + "]");
        }
        return a.string("value", null);
    }

    private HostConfig host(TomlSection h, String defaultUser, int defaultPort) {
        h.allowOnly(HOST);
        String name = h.requiredString("name", "add name = \"<host>\" (the --host key) to this [[hosts]] entry");
        // no auth_ref: the host authenticates as OpenSSH would (ssh-agent, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa)
        String authRef = h.string("auth_ref", null);
        return new HostConfig(
                name,
                h.string("hostname", null),
                port(h, defaultPort),
                h.string("username", defaultUser),
                h.string("display_name", null),
                h.strings("tags", List.of()),
                authRef,
                h.has("transport") ? transport(h.table("transport"), defaultUser, defaultPort) : TransportConfig.unspecified(),
                retry(h.table("retry")));
    }

    private TransportConfig transport(TomlSection t, String defaultUser, int defaultPort) {
        t.allowOnly(TRANSPORT);
        String typeName = t.string("type", TransportConfig.Type.DIRECT.tomlName());
        TransportConfig.Type type = TransportConfig.Type.fromToml(typeName);
        if (type == null) {
            t.problem("type", "unknown transport type '" + typeName + "'", "use one of: direct, jump_chain");
        }
        List<Hop> hops = new ArrayList<>();
        for (TomlSection hop : t.tables("hops")) {
            hop.allowOnly(HOP);
            String name = hop.requiredString("name", "add name = \"<jump host>\" to this hop");
            hops.add(new Hop(
                    name,
                    hop.string("hostname", null),
                    port(hop, defaultPort),
                    hop.string("username", defaultUser),
                    hop.string("auth_ref", null)));
        }
        return new TransportConfig(type, hops);
    }

    /** A port the TOML sets (0 or less is refused here, because 0 stands for "left open"), else {@code open}. */
    private static int port(TomlSection s, int open) {
        if (!s.has("port")) {
            return open;
        }
        if (!(s.raw("port") instanceof Long l) || l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
            // reports the wrong type or the absurd value, with 22 as the example
            s.smallInteger("port", 22);
            return open;
        }
        if (l < 1) {
            s.problem("port", "port " + l + " is outside 1..65535", "use the SSH port, usually 22, or remove port to let "
                    + "~/.ssh/config (Port) or 22 decide");
            return open;
        }
        return l.intValue();
    }

    private RetryPolicy retry(TomlSection r) {
        r.allowOnly(RETRY);
        RetryPolicy d = RetryPolicy.DEFAULT;
        return new RetryPolicy(
                (int) r.integer("attempts", d.attempts(), 1, RetryPolicy.MAX_ATTEMPTS),
                r.seconds("backoff_secs", d.backoff(), Duration.ZERO, RetryPolicy.MAX_BACKOFF),
                r.seconds("connect_timeout_secs", d.connectTimeout(), RetryPolicy.MIN_CONNECT_TIMEOUT, RetryPolicy.MAX_CONNECT_TIMEOUT),
                r.seconds("command_timeout_secs", d.commandTimeout(), RetryPolicy.MIN_COMMAND_TIMEOUT, ExecutionSettings.MAX_CEILING));
    }

    private Map<String, PublishTarget> publish(TomlSection s) {
        Map<String, PublishTarget> targets = new LinkedHashMap<>();
        for (Map.Entry<String, TomlSection> e : s.subTables()) {
            String name = e.getKey();
            TomlSection p = e.getValue();
            p.allowOnly(PUBLISH);
            targets.put(name, new PublishTarget(
                    name,
                    p.string("repo_path_key", name.replace('-', '_')),
                    p.string("remote", "origin"),
                    p.string("remote_url", null),
                    p.string("base_branch", "main"),
                    p.bool("push_local", false),
                    p.bool("create_pr_local", false)));
        }
        return targets;
    }

    private Path path(TomlSection s, String k, String dflt) {
        String raw = s.string(k, dflt);
        return raw == null ? null : resolve(s, k, raw);
    }

    private Path resolve(TomlSection s, String k, String raw) {
        if (raw.isBlank()) {
            s.problem(k, "path is empty", "set " + k + " to a path, relative paths resolve against the config file's folder");
            return null;
        }
        try {
            return ConfigPaths.resolve(raw, baseDir);
        } catch (InvalidPathException e) {
            s.problem(k, "not a valid path: " + e.getReason(), "write a plain file system path");
            return null;
        }
    }
}
