package org.sth.automation.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.adapter.agentsth.AgentsthPolicy;

class ConfigLoaderTest {

    private static final String FILE = "test.toml";
    private static final Path BASE = Path.of("/lab/conf");

    private static final String AUTH = """
            [auth_refs.lab_key]
            type = "key_file"
            value = "keys/lab"

            [auth_refs.jumpbox]
            type = "password_env"
            value = "STH_JUMPBOX_PASSWORD"
            """;

    private static final String HOST = """
            [[hosts]]
            name = "turind8"
            auth_ref = "lab_key"
            """;

    @TempDir
    Path tmp;

    /** Parses as the CLI loads a config: with every adapter's own tables (here: [agentsth]) bound. */
    private static AutomationConfig parse(String toml) {
        return ConfigLoader.parse(toml, FILE, BASE, Adapters.configTables());
    }

    private static ConfigValidationException failure(String toml) {
        return catchThrowableOfType(() -> parse(toml), ConfigValidationException.class);
    }

    private static ConfigException only(String toml) {
        ConfigValidationException e = failure(toml);
        assertThat(e).as("expected a validation failure").isNotNull();
        assertThat(e.problems()).as(e.getMessage()).hasSize(1);
        assertThat(e.getMessage()).contains(FILE, e.key(), e.fix());
        return e.problems().get(0);
    }

    @Test
    void everyExampleInConfigsFolderLoads() throws IOException {
        // given
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("configs"))) {
            examples = files.filter(p -> p.toString().endsWith(".toml")).sorted().toList();
        }

        // when / then
        assertThat(examples).extracting(p -> p.getFileName().toString())
                .contains("example-lab.toml", "example-direct.toml");
        for (Path example : examples) {
            AutomationConfig c = ConfigLoader.load(example, Adapters.configTables());
            assertThat(c.hosts()).as(example.toString()).isNotEmpty();
            assertThat(c.source()).isEqualTo(example.toAbsolutePath().normalize());
        }
    }

    @Test
    void exampleLabDescribesJumpChainAuthAndPublishTargets() {
        // given
        Path file = Path.of("configs", "example-lab.toml");

        // when
        AutomationConfig c = ConfigLoader.load(file, Adapters.configTables());

        // then
        HostConfig turind8 = ConfigLoader.requireHost(c, "turind8");
        assertThat(turind8.transport().type()).isEqualTo(TransportConfig.Type.JUMP_CHAIN);
        assertThat(turind8.chain()).extracting(Hop::name, Hop::authRef)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("thor", "jumpbox"),
                        org.assertj.core.groups.Tuple.tuple("turind8", "lab_key"));
        assertThat(c.authRefs().get("jumpbox").describe()).isEqualTo("password_env STH_JUMPBOX_PASSWORD");
        assertThat(c.authRefs().get("lab_key").value())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".ssh", "sth_lab_ed25519").toString());
        assertThat(c.publish()).containsOnlyKeys("system-info", "latency", "agentsth", "geekbench");
        assertThat(c.publish().get("system-info").remoteUrl()).isEqualTo("git@github.com:STH-Dev/STH-System-Info.git");
        assertThat(c.paths().repos()).containsOnlyKeys("system_info", "latency", "agentsth", "geekbench");
        assertThat(c.paths().repos().get("system_info"))
                .isEqualTo(Path.of("configs").toAbsolutePath().getParent().resolve("STH-System-Info").normalize());
        assertThat(c.execution().maxExecution()).containsEntry("geekbench", Duration.ofSeconds(1800));
        assertThat(AgentsthPolicy.of(c).officialProfile()).isEqualTo("official");
        assertThat(AgentsthPolicy.of(c).profiles().get("official").args()).containsExactly("--profile", "official");
        assertThat(AgentsthPolicy.of(c).profiles().get("smoke").official()).isFalse();
    }

    @Test
    void minimalConfigGetsDocumentedDefaults() {
        // given
        String toml = AUTH + HOST;

        // when
        AutomationConfig c = parse(toml);

        // then
        HostConfig h = c.hosts().get(0);
        assertThat(h.hostname()).as("open: ~/.ssh/config HostName, else the name").isNull();
        assertThat(h.port()).as("open: ~/.ssh/config Port, else 22").isZero();
        assertThat(h.username()).as("open: ~/.ssh/config User, else the local user").isNull();
        assertThat(h.targetHop().address()).isEqualTo("turind8");
        assertThat(h.displayName()).isNull();
        assertThat(h.tags()).isEmpty();
        assertThat(h.transport()).as("open: ~/.ssh/config ProxyJump, else direct").isEqualTo(TransportConfig.unspecified());
        assertThat(h.isOpen()).isTrue();
        assertThat(h.retry()).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(c.paths().runsRoot()).isEqualTo(BASE.resolve("automation-runs"));
        assertThat(c.paths().workRoot()).isEqualTo(BASE.resolve("work"));
        assertThat(c.paths().bundleCacheDir()).isEqualTo(BASE.resolve("bundle-cache"));
        assertThat(c.paths().repos()).isEmpty();
        assertThat(c.ssh().knownHosts()).isEqualTo(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
        assertThat(c.ssh().hostKeyPolicy()).isEqualTo(SshSettings.HostKeyPolicy.STRICT);
        assertThat(c.execution().heartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.execution().defaultMaxExecution()).as("unset: each adapter's own default applies").isNull();
        assertThat(c.execution().protectedTags()).containsExactly("shared");
        assertThat(c.execution().keepRemote()).isFalse();
        assertThat(c.publish()).isEmpty();
        assertThat(AgentsthPolicy.of(c).officialProfile()).isNull();
        assertThat(AgentsthPolicy.of(c).profiles()).isEmpty();
    }

    @Test
    void defaultsTableAppliesToHostsAndHops() {
        // given
        String toml = AUTH + """
                [defaults]
                username = "labadmin"
                port = 2222

                [[hosts]]
                name = "turind8"
                auth_ref = "lab_key"
                [hosts.transport]
                type = "jump_chain"
                [[hosts.transport.hops]]
                name = "thor"
                auth_ref = "jumpbox"

                [[hosts]]
                name = "direct"
                port = 22
                username = "root"
                auth_ref = "lab_key"
                """;

        // when
        AutomationConfig c = parse(toml);

        // then
        assertThat(c.hosts().get(0).chain()).extracting(Hop::address)
                .containsExactly("labadmin@thor:2222", "labadmin@turind8:2222");
        assertThat(c.hosts().get(1).targetHop().address()).isEqualTo("root@direct:22");
    }

    @Test
    void relativeAndHomePathsResolveAgainstTheConfigFolder() throws IOException {
        // given
        Path dir = Files.createDirectories(tmp.resolve("lab/conf"));
        Path file = dir.resolve("lab.toml");
        Files.writeString(file, """
                [paths]
                runs_root = "runs"
                system_info_repo = "../../STH-System-Info"
                work_root = "/var/tmp/sth-work"

                [ssh]
                known_hosts = "state/known_hosts"

                [auth_refs.lab_key]
                type = "key_file"
                value = "~/.ssh/lab"

                [auth_refs.local_key]
                type = "key_file"
                value = "keys/id_ed25519"
                """ + HOST);

        // when
        AutomationConfig c = ConfigLoader.load(file, Adapters.configTables());

        // then
        assertThat(c.paths().runsRoot()).isEqualTo(dir.resolve("runs"));
        assertThat(c.paths().repos()).containsEntry("system_info", tmp.resolve("STH-System-Info"));
        assertThat(c.paths().workRoot()).isEqualTo(Path.of("/var/tmp/sth-work"));
        assertThat(c.ssh().knownHosts()).isEqualTo(dir.resolve("state/known_hosts"));
        assertThat(c.authRefs().get("lab_key").value())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".ssh", "lab").toString());
        assertThat(c.authRefs().get("local_key").value()).isEqualTo(dir.resolve("keys/id_ed25519").toString());
    }

    @Test
    void missingKeyFileAndKnownHostsAreNotLoadErrors() {
        // given
        String toml = AUTH + HOST + """
                [ssh]
                known_hosts = "does/not/exist/known_hosts"
                host_key_policy = "accept-new"
                """;

        // when
        AutomationConfig c = parse(toml);

        // then
        assertThat(Path.of(c.authRefs().get("lab_key").value())).doesNotExist().isEqualTo(BASE.resolve("keys/lab"));
        assertThat(c.ssh().knownHosts()).doesNotExist();
        assertThat(c.ssh().hostKeyPolicy()).isEqualTo(SshSettings.HostKeyPolicy.ACCEPT_NEW);
    }

    @Test
    void sshAlgorithmsAreKeptInTheOrderGiven() {
        // given
        String toml = AUTH + HOST + """
                [ssh]
                kex = ["ecdh-sha2-nistp256", "curve25519-sha256"]
                ciphers = ["aes256-gcm@openssh.com", "aes128-ctr"]
                """;

        // when
        AutomationConfig c = parse(toml);

        // then
        assertThat(c.ssh().kex()).containsExactly("ecdh-sha2-nistp256", "curve25519-sha256");
        assertThat(c.ssh().ciphers()).containsExactly("aes256-gcm@openssh.com", "aes128-ctr");
    }

    @Test
    void unknownSshAlgorithmIsAConfigProblemBeforeAnyRunIsQueued() {
        // given: a typo in each list
        String toml = AUTH + HOST + """
                [ssh]
                kex = ["curve25519-sha256", "curve25519-sha265"]
                ciphers = ["aes128-gmc@openssh.com"]
                """;

        // when
        ConfigValidationException e = failure(toml);

        // then
        assertThat(e).as("a bad algorithm name must fail the config load").isNotNull();
        assertThat(e.problems()).extracting(ConfigException::key).containsExactly("ssh.kex[1]", "ssh.ciphers[0]");
        ConfigException kex = e.problems().get(0);
        assertThat(kex.file()).isEqualTo(FILE);
        assertThat(kex.problem()).isEqualTo("unknown or unsupported key exchange 'curve25519-sha265' (line 12)");
        assertThat(kex.fix()).contains("curve25519-sha256", "remove kex");
        assertThat(e.problems().get(1).problem()).isEqualTo("unknown or unsupported cipher 'aes128-gmc@openssh.com' (line 13)");
        assertThat(e.problems().get(1).fix()).contains("aes128-gcm@openssh.com");
    }

    @Test
    void unknownTopLevelTableSuggestsTheNearestOne() {
        // when
        ConfigException e = only(AUTH + HOST + "[exectuion]\nheartbeat_secs = 5\n");

        // then
        assertThat(e.key()).isEqualTo("exectuion");
        assertThat(e.problem()).contains("unknown key 'exectuion' in top level");
        assertThat(e.fix()).contains("did you mean 'execution'?");
    }

    @Test
    void unknownKeyInsideAKnownTableSuggestsTheNearestKey() {
        // when
        ConfigException e = only(AUTH + HOST + "hostnme = \"10.0.0.8\"\n");

        // then
        assertThat(e.key()).isEqualTo("hosts[0].hostnme");
        assertThat(e.problem()).contains("unknown key 'hostnme' in [hosts[0]]", "(line 11)");
        assertThat(e.fix()).contains("did you mean 'hostname'?");
    }

    @Test
    void proxyCommandFromTheOriginalToolPointsToJumpChains() {
        // when
        ConfigException e = only(AUTH + HOST + "proxy_command = \"ssh -W %h:%p thor\"\n");

        // then
        assertThat(e.key()).isEqualTo("hosts[0].proxy_command");
        assertThat(e.fix()).contains("jump_chain", "[[hosts.transport.hops]]");
    }

    @Test
    void unknownPathsKeyExplainsTheRepoSuffix() {
        // when
        ConfigException e = only(AUTH + HOST + "[paths]\nsystem_info = \"../x\"\n");

        // then
        assertThat(e.key()).isEqualTo("paths.system_info");
        assertThat(e.fix()).contains("_repo");
    }

    @Test
    void wrongTypeNamesExpectedAndFoundType() {
        // when
        ConfigException e = only(AUTH + HOST + "port = \"22\"\n");

        // then
        assertThat(e.key()).isEqualTo("hosts[0].port");
        assertThat(e.problem()).contains("expected an integer but found a string");
        assertThat(e.fix()).isEqualTo("write port = 22");
    }

    @Test
    void hostsWrittenAsPlainTableIsRejected() {
        // when
        ConfigValidationException e = failure(AUTH + "[hosts]\nname = \"x\"\n");

        // then
        assertThat(e.problems()).extracting(ConfigException::key).contains("hosts");
        assertThat(e.problems().get(0).fix()).contains("[[hosts]]");
    }

    @Test
    void missingRequiredKeysAreNamed() {
        // when
        ConfigValidationException e = failure(AUTH + "[[hosts]]\nhostname = \"10.0.0.8\"\n");

        // then
        assertThat(e.problems()).extracting(ConfigException::key)
                .as("auth_ref is optional: without it the host authenticates as OpenSSH would").containsExactly("hosts[0].name");
        assertThat(e.problems().get(0).fix()).contains("add name =");
    }

    @Test
    void noHostsIsAProblem() {
        // when
        ConfigException e = only(AUTH);

        // then
        assertThat(e.key()).isEqualTo("hosts");
        assertThat(e.fix()).contains("[[hosts]]");
    }

    @Test
    void portsOutsideTheValidRangeAreRejectedForHostsAndHops() {
        // given
        String toml = AUTH + """
                [[hosts]]
                name = "turind8"
                port = 70000
                auth_ref = "lab_key"
                [hosts.transport]
                type = "jump_chain"
                [[hosts.transport.hops]]
                name = "thor"
                port = 0
                auth_ref = "jumpbox"
                """;

        // when
        ConfigValidationException e = failure(toml);

        // then
        assertThat(e.problems()).extracting(ConfigException::key)
                .containsExactlyInAnyOrder("hosts[0].port", "hosts[0].transport.hops[0].port");
        assertThat(e.problems()).filteredOn(p -> p.key().equals("hosts[0].port")).singleElement()
                .satisfies(p -> assertThat(p.problem()).contains("port 70000 is outside 1..65535"));
        assertThat(e.problems()).filteredOn(p -> p.key().endsWith("hops[0].port")).singleElement().satisfies(p -> {
            assertThat(p.problem()).contains("port 0 is outside 1..65535");
            assertThat(p.fix()).contains("22");
        });
    }

    @Test
    void integerTooLargeForAnyRangeIsReportedAsWritten() {
        // when
        ConfigException e = only(AUTH + HOST + "port = 4294967318\n");

        // then
        assertThat(e.key()).isEqualTo("hosts[0].port");
        assertThat(e.problem()).contains("4294967318");
    }

    @Test
    void problemOnAnUnwrittenKeyPointsAtTheLineOfItsTable() {
        // when
        ConfigException e = only(AUTH + "\n\n[[hosts]]\nhostname = \"turind8\"\n");

        // then
        assertThat(e.key()).isEqualTo("hosts[0].name");
        assertThat(e.problem()).endsWith("(line 10)");
    }

    @Test
    void duplicateHostNamesAreRejected() {
        // when
        ConfigException e = only(AUTH + HOST + HOST);

        // then
        assertThat(e.key()).isEqualTo("hosts[1].name");
        assertThat(e.problem()).contains("duplicate host name 'turind8'", "hosts[0]");
        assertThat(e.fix()).contains("unique");
    }

    @Test
    void missingAuthRefListsTheAvailableOnes() {
        // given
        String toml = AUTH + """
                [[hosts]]
                name = "turind8"
                auth_ref = "lab_key"
                [hosts.transport]
                type = "jump_chain"
                [[hosts.transport.hops]]
                name = "thor"
                auth_ref = "jumpbx"
                """;

        // when
        ConfigException e = only(toml);

        // then
        assertThat(e.key()).isEqualTo("hosts[0].transport.hops[0].auth_ref");
        assertThat(e.problem()).contains("'jumpbx'", "available: jumpbox, lab_key");
        assertThat(e.fix()).contains("did you mean 'jumpbox'?");
    }

    @Test
    void badAuthTypeListsTheAllowedTypes() {
        // when
        ConfigException e = only("""
                [auth_refs.lab_key]
                type = "password"
                value = "X"
                """ + HOST);

        // then
        assertThat(e.key()).isEqualTo("auth_refs.lab_key.type");
        assertThat(e.problem()).contains("unknown auth type 'password'");
        assertThat(e.fix()).contains("password_env", "key_file", "agent");
    }

    @Test
    void passwordEnvValueThatIsNotAnEnvNameIsRejectedWithoutEchoingIt() {
        // given
        String secret = "hunter2 !secret";

        // when
        ConfigException e = only("""
                [auth_refs.lab_key]
                type = "password_env"
                value = "%s"
                """.formatted(secret) + HOST);

        // then
        assertThat(e.key()).isEqualTo("auth_refs.lab_key.value");
        assertThat(e.fix()).contains("NAME of an environment variable");
        assertThat(e.getMessage()).doesNotContain("hunter2");
        assertThat(failure("""
                [auth_refs.lab_key]
                type = "password_env"
                value = "%s"
                """.formatted(secret) + HOST).getMessage()).doesNotContain("hunter2");
    }

    @Test
    void agentAuthTakesNoValue() {
        // when
        ConfigException e = only(AUTH + HOST + "[auth_refs.agent]\ntype = \"agent\"\nvalue = \"x\"\n");

        // then
        assertThat(e.key()).isEqualTo("auth_refs.agent.value");
        assertThat(e.fix()).contains("remove value");
    }

    @Test
    void passwordWrittenIntoAHostIsRejectedWithoutEchoingIt() {
        // when
        ConfigException e = only(AUTH + HOST + "password = \"hunter2\"\n");

        // then
        assertThat(e.key()).isEqualTo("hosts[0].password");
        assertThat(e.fix()).contains("password_env");
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void jumpChainWithoutHopsIsRejected() {
        // when
        ConfigException e = only(AUTH + HOST + "[hosts.transport]\ntype = \"jump_chain\"\n");

        // then
        assertThat(e.key()).isEqualTo("hosts[0].transport.hops");
        assertThat(e.problem()).contains("no hops");
        assertThat(e.fix()).contains("[[hosts.transport.hops]]");
    }

    @Test
    void directTransportWithHopsIsRejected() {
        // when
        ConfigException e = only(AUTH + HOST + """
                [hosts.transport]
                type = "direct"
                [[hosts.transport.hops]]
                name = "thor"
                auth_ref = "jumpbox"
                """);

        // then
        assertThat(e.key()).isEqualTo("hosts[0].transport.hops");
        assertThat(e.fix()).contains("type = \"jump_chain\"");
    }

    @Test
    void unknownTransportTypeListsTheAllowedOnes() {
        // when
        ConfigException e = only(AUTH + HOST + "[hosts.transport]\ntype = \"proxyjump\"\n");

        // then
        assertThat(e.key()).isEqualTo("hosts[0].transport.type");
        assertThat(e.fix()).contains("direct, jump_chain");
    }

    @Test
    void zeroAndNegativeDurationsAreRejected() {
        // given
        String toml = AUTH + HOST + """
                [hosts.retry]
                attempts = 0
                backoff_secs = -1
                connect_timeout_secs = 0
                command_timeout_secs = -5

                [execution]
                heartbeat_secs = 0
                max_execution_secs = -1
                [execution.max_execution_secs_per_adapter]
                geekbench = 0
                """;

        // when
        ConfigValidationException e = failure(toml);

        // then
        assertThat(e.problems()).extracting(ConfigException::key).containsExactlyInAnyOrder(
                "hosts[0].retry.attempts",
                "hosts[0].retry.backoff_secs",
                "hosts[0].retry.connect_timeout_secs",
                "hosts[0].retry.command_timeout_secs",
                "execution.heartbeat_secs",
                "execution.max_execution_secs",
                "execution.max_execution_secs_per_adapter.geekbench");
        assertThat(e.problems()).filteredOn(p -> p.key().equals("execution.heartbeat_secs")).singleElement().satisfies(p -> {
            assertThat(p.problem()).contains("heartbeat_secs must be positive, found 0");
            assertThat(p.fix()).contains("greater than 0");
        });
    }

    @Test
    void absurdValuesAreRefusedWithTheValueAndTheRange() {
        // given the values: huge, overflowing, tiny, not a number, infinite
        String toml = AUTH + HOST + """
                [hosts.retry]
                attempts = 2147483647
                connect_timeout_secs = 9223372036854775807
                command_timeout_secs = nan
                backoff_secs = inf

                [execution]
                heartbeat_secs = 1e308
                max_execution_secs = 0.0001
                """;

        // when
        ConfigValidationException e = failure(toml);

        // then each names the key, the value as written and the allowed range
        assertThat(e.problems()).extracting(ConfigException::key, ConfigException::problem).containsExactlyInAnyOrder(
                tuple("hosts[0].retry.attempts", "attempts = 2147483647 is above the upper bound of 100 (line 12)"),
                tuple("hosts[0].retry.connect_timeout_secs",
                        "connect_timeout_secs = 9223372036854775807 is above the upper bound of 600 s (10 min) (line 13)"),
                tuple("hosts[0].retry.command_timeout_secs", "command_timeout_secs = nan is not a number (line 14)"),
                tuple("hosts[0].retry.backoff_secs", "backoff_secs = inf is infinite: every bound must be finite (line 15)"),
                tuple("execution.heartbeat_secs", "heartbeat_secs = 1E+308 is above the upper bound of 3600 s (1 h) (line 18)"),
                tuple("execution.max_execution_secs", "max_execution_secs = 0.0001 is below the lower bound of 1 s (line 19)"));
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.fix()).containsPattern("from [0-9.]+ to [0-9]+"));
    }

    @Test
    void aThousandNestedArraysAreAClearErrorNotAStackOverflow() {
        // given
        String toml = AUTH + HOST + "deep = " + "[".repeat(1000) + "]".repeat(1000) + "\n";

        // when
        ConfigValidationException e = failure(toml);

        // then
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.problem()).contains("nested deeper than 32 levels at line 11");
            assertThat(p.fix()).contains("flatten");
        });
    }

    @Test
    void fractionalSecondsAreKept() {
        // when
        AutomationConfig c = parse(AUTH + HOST + "[hosts.retry]\nbackoff_secs = 0.25\n");

        // then
        assertThat(c.hosts().get(0).retry().backoff()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void repoPathKeyMustNameADefinedRepo() {
        // when
        ConfigException e = only(AUTH + HOST + """
                [paths]
                system_info_repo = "../STH-System-Info"

                [publish.latency]
                base_branch = "main"
                """);

        // then
        assertThat(e.key()).isEqualTo("publish.latency.repo_path_key");
        assertThat(e.problem()).contains("'latency'", "defined: system_info");
        assertThat(e.fix()).contains("latency_repo = ");
    }

    @Test
    void officialProfileMustNameADefinedProfile() {
        // when
        ConfigException e = only(AUTH + HOST + """
                [agentsth]
                official_profile = "oficial"
                [agentsth.profiles.official]
                args = ["--profile", "official"]
                """);

        // then
        assertThat(e.key()).isEqualTo("agentsth.official_profile");
        assertThat(e.problem()).contains("'oficial'", "defined: official");
        assertThat(e.fix()).contains("[agentsth.profiles.oficial]");
    }

    @Test
    void officialProfileMarkedUnofficialIsRejected() {
        // when
        ConfigException e = only(AUTH + HOST + """
                [agentsth]
                official_profile = "official"
                [agentsth.profiles.official]
                official = false
                """);

        // then
        assertThat(e.key()).isEqualTo("agentsth.profiles.official.official");
        assertThat(e.fix()).contains("official = true");
    }

    @Test
    void officialProfileInheritsTheExecutionCeilingAndCountsAsOfficial() {
        // when
        AutomationConfig c = parse(AUTH + HOST + """
                [execution]
                max_execution_secs = 5400
                [agentsth]
                official_profile = "official"
                [agentsth.profiles.official]
                args = ["--profile", "official"]
                """);

        // then
        AgentsthPolicy.Profile p = AgentsthPolicy.of(c).profiles().get("official");
        assertThat(p.official()).isTrue();
        assertThat(p.maxExecutionSecs()).isEqualTo(5400);
    }

    @Test
    void tomlSyntaxErrorReportsLineAndColumn() {
        // when
        ConfigValidationException e = failure(AUTH + "[[hosts]]\nname = turind8\n");

        // then
        assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(1);
        ConfigException first = e.problems().get(0);
        assertThat(first.key()).isEqualTo("line 9:8");
        assertThat(first.problem()).startsWith("TOML syntax error: ");
        assertThat(e.getMessage()).contains(FILE + ": line 9:8: TOML syntax error");
    }

    @Test
    void allProblemsAreReportedTogetherOnePerLine() {
        // given
        String toml = AUTH + """
                [[hosts]]
                name = "turind8"
                port = 0
                auth_ref = "nokey"
                colour = "red"

                [ssh]
                host_key_policy = "yolo"
                """;

        // when
        ConfigValidationException e = failure(toml);

        // then
        assertThat(e.problems()).extracting(ConfigException::key).containsExactlyInAnyOrder(
                "hosts[0].colour", "ssh.host_key_policy", "hosts[0].port", "hosts[0].auth_ref");
        String[] lines = e.getMessage().split("\n");
        assertThat(lines[0]).isEqualTo(FILE + ": 4 configuration problems:");
        assertThat(lines).hasSize(5);
        for (ConfigException p : e.problems()) {
            assertThat(lines).contains("  - " + p.getMessage());
            assertThat(p.file()).isEqualTo(FILE);
            assertThat(p.fix()).isNotBlank();
        }
    }

    @Test
    void requireHostListsTheAvailableHosts() {
        // given
        AutomationConfig c = parse(AUTH + HOST + "[[hosts]]\nname = \"thor\"\nauth_ref = \"jumpbox\"\n");

        // when / then
        assertThat(ConfigLoader.requireHost(c, "thor").authRef()).isEqualTo("jumpbox");
        assertThatThrownBy(() -> ConfigLoader.requireHost(c, "turind9"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("--host");
                    assertThat(e.file()).isEqualTo(BASE.resolve(FILE).toString());
                    assertThat(e.problem()).isEqualTo("Unknown host 'turind9'. Available hosts: thor, turind8");
                    assertThat(e.fix()).contains("did you mean 'turind8'?", "[[hosts]]");
                });
    }

    @Test
    void missingFileIsAConfigProblem() {
        // given
        Path missing = tmp.resolve("nope.toml");

        // when / then
        assertThatThrownBy(() -> ConfigLoader.load(missing))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("configuration file not found");
    }

    @Test
    void originalSthSystemInfoHostFileLoadsAsWritten() throws IOException {
        // given: the real host file of the original tool (see SOURCE.txt beside it): no auth_ref anywhere
        Path original = tmp.resolve("hosts_sth-lab.toml");
        try (var in = getClass().getResourceAsStream("/config/sth-system-info/hosts_sth-lab.toml")) {
            Files.copy(in, original);
        }

        // when
        AutomationConfig c = ConfigLoader.load(original);

        // then every host authenticates as OpenSSH would, as the [defaults] user on the [defaults] port
        assertThat(c.hosts()).extracting(HostConfig::name)
                .containsExactly("thor", "xeon6soc36c", "xeon6soc40c", "spark-1de6", "turind8");
        assertThat(c.hosts()).extracting(HostConfig::authRef).containsOnlyNulls();
        assertThat(c.hosts()).extracting(h -> h.targetHop().address())
                .containsExactly("sthuser@thor:22", "sthuser@xeon6soc36c:22", "sthuser@xeon6soc40c:22", "sthuser@spark-1de6:22",
                        "sthuser@turind8:22");
        assertThat(c.host("xeon6soc36c").orElseThrow().displayName()).isEqualTo("Intel Xeon 6553P-B");
    }

    @Test
    void anExplicitPortZeroIsRefusedAlthoughZeroStandsForLeftOpen() {
        // when
        ConfigException e = only(AUTH + HOST.replace("auth_ref = \"lab_key\"", "auth_ref = \"lab_key\"\nport = 0"));

        // then
        assertThat(e.key()).isEqualTo("hosts[0].port");
        assertThat(e.problem()).contains("outside 1..65535");
    }

    @Test
    void anEncryptedKeyNamesTheVariableHoldingItsPassphrase() {
        // when
        AutomationConfig c = parse(AUTH.replace("value = \"keys/lab\"", "value = \"keys/lab\"\npassphrase_env = \"STH_KEY_PASS\"") + HOST);

        // then
        assertThat(c.authRefs().get("lab_key").passphraseEnv()).isEqualTo("STH_KEY_PASS");
        assertThat(c.authRefs().get("lab_key").describe()).endsWith("(passphrase from STH_KEY_PASS)");
        assertThat(c.authRefs().get("jumpbox").passphraseEnv()).isNull();
    }

    @Test
    void passphraseEnvIsRefusedOnOtherTypesAndWhenItIsNoVariableName() {
        // when
        ConfigException onPassword = only(AUTH.replace("value = \"STH_JUMPBOX_PASSWORD\"",
                "value = \"STH_JUMPBOX_PASSWORD\"\npassphrase_env = \"X\"") + HOST);
        ConfigException notAName = only(AUTH.replace("value = \"keys/lab\"", "value = \"keys/lab\"\npassphrase_env = \"hunter2 !\"") + HOST);

        // then
        assertThat(onPassword.key()).isEqualTo("auth_refs.jumpbox.passphrase_env");
        assertThat(onPassword.problem()).contains("only applies to type \"key_file\"");
        assertThat(notAName.key()).isEqualTo("auth_refs.lab_key.passphrase_env");
        assertThat(notAName.getMessage()).doesNotContain("hunter2");
    }
}
