package org.sth.automation.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Cross-checks a bound {@link AutomationConfig}: ranges, durations, uniqueness and every
 * reference between tables (auth refs, repository keys, profiles). Usable on configs built in code.
 */
public final class ConfigValidator {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private final Problems problems;

    private ConfigValidator(Problems problems) {
        this.problems = problems;
    }

    /** Every problem found, in file order; empty when the config is valid. */
    public static List<ConfigException> validate(AutomationConfig config, String file) {
        Problems problems = new Problems(file);
        new ConfigValidator(problems).run(config);
        return problems.list();
    }

    static void validate(AutomationConfig config, Problems problems) {
        new ConfigValidator(problems).run(config);
    }

    private void run(AutomationConfig c) {
        authRefs(c);
        hosts(c);
        execution(c.execution());
        publish(c);
    }

    private void authRefs(AutomationConfig c) {
        for (String name : c.authRefs().keySet()) {
            name("auth_refs." + name, name, "auth ref");
        }
    }

    private void hosts(AutomationConfig c) {
        if (c.hosts().isEmpty()) {
            problems.add("hosts", "no [[hosts]] entries: there is nothing to run on",
                    "add at least one [[hosts]] table with name (and hostname, auth_ref where ~/.ssh/config does not say)");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < c.hosts().size(); i++) {
            HostConfig h = c.hosts().get(i);
            String key = "hosts[" + i + "]";
            if (h.name() != null) {
                name(key + ".name", h.name(), "host name");
                Integer first = seen.putIfAbsent(h.name(), i);
                if (first != null) {
                    problems.add(key + ".name", "duplicate host name '" + h.name() + "' (also hosts[" + first + "])",
                            "host names are the --host key and must be unique: rename one of them");
                }
            }
            endpoint(key, h.hostname(), h.port(), h.username(), h.authRef(), c);
            transport(key + ".transport", h.transport(), c);
            retry(key + ".retry", h.retry());
        }
    }

    private void transport(String key, TransportConfig t, AutomationConfig c) {
        if (t.type() == TransportConfig.Type.JUMP_CHAIN && t.hops().isEmpty()) {
            problems.add(key + ".hops", "transport type \"jump_chain\" has no hops",
                    "add one [[" + tableKey(key) + ".hops]] table per jump host (controller side first), "
                            + "or set type = \"direct\"");
        }
        if (t.type() == TransportConfig.Type.DIRECT && !t.hops().isEmpty()) {
            problems.add(key + ".hops", "transport type \"direct\" has " + t.hops().size() + " hop(s)",
                    "set type = \"jump_chain\" in [" + tableKey(key) + "], or remove the hops");
        }
        for (int j = 0; j < t.hops().size(); j++) {
            Hop hop = t.hops().get(j);
            String hopKey = key + ".hops[" + j + "]";
            if (hop.name() != null) {
                name(hopKey + ".name", hop.name(), "hop name");
            }
            endpoint(hopKey, hop.hostname(), hop.port(), hop.username(), hop.authRef(), c);
        }
    }

    private void endpoint(String key, String hostname, int port, String username, String authRef, AutomationConfig c) {
        if (hostname != null && hostname.isBlank()) {
            problems.add(key + ".hostname", "hostname is empty", "set hostname to a DNS name or IP address, or remove it "
                    + "to use the name");
        }
        // 0 is a port the TOML leaves open (OpenSSH decides); the binder refuses an explicit 0
        if (port < 0 || port > 65535) {
            problems.add(key + ".port", "port " + port + " is outside 1..65535", "use the SSH port, usually 22");
        }
        if (username != null && username.isBlank()) {
            problems.add(key + ".username", "username is empty",
                    "set username, or remove it to use [defaults] username, else ~/.ssh/config User, else the local user");
        }
        if (authRef != null && !c.authRefs().containsKey(authRef)) {
            String available = c.authRefs().isEmpty() ? "none are defined"
                    : "available: " + KeySuggestions.list(c.authRefs().keySet());
            String suggestion = KeySuggestions.nearest(authRef, c.authRefs().keySet())
                    .map(s -> "did you mean '" + s + "'? ").orElse("");
            problems.add(key + ".auth_ref", "auth_ref '" + authRef + "' names no [auth_refs." + authRef + "] table ("
                    + available + ")", suggestion + "use one of the defined auth refs or add [auth_refs." + authRef
                    + "] with type and value");
        }
    }

    private void retry(String key, RetryPolicy r) {
        if (r.attempts() < 1) {
            problems.add(key + ".attempts", "attempts must be at least 1, found " + r.attempts(),
                    "set attempts = 1 for no retry, or more to retry");
        }
        if (r.backoff().isNegative()) {
            problems.add(key + ".backoff_secs", "backoff_secs must not be negative, found " + secs(r.backoff()),
                    "set backoff_secs = 0 or more (default 2)");
        }
        positive(key + ".connect_timeout_secs", r.connectTimeout(), "30");
        positive(key + ".command_timeout_secs", r.commandTimeout(), "300");
    }

    private void execution(ExecutionSettings e) {
        positive("execution.heartbeat_secs", e.heartbeatInterval(), "15");
        if (e.defaultMaxExecution() != null) {
            positive("execution.max_execution_secs", e.defaultMaxExecution(), "3600");
        }
        e.maxExecution().forEach((adapter, d) ->
                positive("execution.max_execution_secs_per_adapter." + adapter, d, "3600"));
    }

    private void publish(AutomationConfig c) {
        for (PublishTarget t : c.publish().values()) {
            String key = "publish." + t.name();
            name(key, t.name(), "publish target");
            if (t.repoPathKey() != null && !c.paths().repos().containsKey(t.repoPathKey())) {
                String available = c.paths().repos().isEmpty() ? "no *_repo keys are defined in [paths]"
                        : "defined: " + KeySuggestions.list(c.paths().repos().keySet());
                problems.add(key + ".repo_path_key", "repo_path_key '" + t.repoPathKey()
                                + "' names no [paths] " + t.repoPathKey() + "_repo (" + available + ")",
                        "add " + t.repoPathKey() + "_repo = \"path/to/clone\" to [paths], or set repo_path_key to "
                                + "one of the defined keys (without the _repo suffix)");
            }
            for (String[] f : new String[][] {{"remote", t.remote()}, {"base_branch", t.baseBranch()}}) {
                if (f[1] != null && f[1].isBlank()) {
                    problems.add(key + "." + f[0], f[0] + " is empty", "remove " + f[0] + " to use its default");
                }
            }
        }
    }

    private void positive(String key, Duration d, String example) {
        if (d.isNegative() || d.isZero()) {
            problems.add(key, key.substring(key.lastIndexOf('.') + 1) + " must be positive, found " + secs(d),
                    "set it to a number of seconds greater than 0, e.g. " + example);
        }
    }

    private void name(String key, String name, String what) {
        if (!NAME.matcher(name).matches()) {
            problems.add(key, what + " '" + name + "' has characters other than letters, digits, '.', '_' and '-'",
                    "rename it using only [A-Za-z0-9._-]: it is used in directory names and command lines");
        }
    }

    private static String secs(Duration d) {
        return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : Double.toString(d.toMillis() / 1000.0);
    }

    private static String tableKey(String key) {
        return key.replaceAll("\\[\\d+]", "");
    }
}
