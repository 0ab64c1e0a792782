package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.demo.LoopbackSshServer;
import org.sth.automation.io.Json;

/**
 * Finding 1 of issue 13, from its exact reproduction: the original tool's documented host file
 * (src/test/resources/config/sth-system-info, byte for byte) with {@code turind8} behind the jump host {@code thor}
 * ({@code auth_ref = "jumpbox-password"}) and no {@code auth_ref} of its own. It loads, connects as OpenSSH would
 * (the default key of HOME), runs, and resumes in the original's documented form {@code resume --config … --run-dir …};
 * every verb answers {@code --help}. The controller runs in its own JVM with a temporary {@code user.home}.
 */
class OriginalConfigParityIT {

    private static final String PASSWORD = "thor-Pa55-" + System.nanoTime();

    @TempDir
    Path tmp;

    private Path home;
    private Path config;
    private final List<LoopbackSshServer> servers = new ArrayList<>();

    @BeforeEach
    void originalInventoryBehindAJumpHost() throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/ssh-keygen").canExecute(), "needs OpenSSH's ssh-keygen");
        home = Files.createDirectories(tmp.resolve("home"));
        Path key = home.resolve(".ssh/id_ed25519");
        Files.createDirectories(key.getParent());
        Process keygen = new ProcessBuilder("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                .redirectErrorStream(true).start();
        assertThat(keygen.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        var publicKey = PublicKeyEntry.parsePublicKeyEntry(Files.readString(Path.of(key + ".pub")).strip()).resolvePublicKey(null, null, null);
        // thor: password only, for the [defaults] user of the original file; turind8: the default key of HOME, nothing else
        LoopbackSshServer thor = LoopbackSshServer.start(LoopbackSshServer.Options.keys(tmp.resolve("servers/thor"))
                .withPassword("sthuser", PASSWORD).withHome(tmp.resolve("remote-home")));
        LoopbackSshServer turind8 = LoopbackSshServer.start(LoopbackSshServer.Options.keys(tmp.resolve("servers/turind8"), publicKey)
                .withHome(tmp.resolve("remote-home")));
        servers.add(thor);
        servers.add(turind8);
        Files.writeString(home.resolve(".ssh/known_hosts"), thor.knownHostsLine("127.0.0.1") + "\n" + turind8.knownHostsLine("127.0.0.1") + "\n");

        String original;
        try (var in = getClass().getResourceAsStream("/config/sth-system-info/hosts_sth-lab.toml")) {
            original = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(original).doesNotContain("auth_ref").endsWith("name = \"turind8\"\nhostname = \"turind8\"\ntags = [\"x86_64\", \"epyc\", \"smt\"]\n");
        // the reproduction of the issue, with the lab's addresses replaced by the two loopback servers
        config = tmp.resolve("hosts_sth-lab.toml");
        Files.writeString(config, original.replace("hostname = \"turind8\"", "hostname = \"127.0.0.1\"\nport = " + turind8.port()) + """

                [hosts.transport]
                type = "jump_chain"

                [[hosts.transport.hops]]
                name = "thor"
                hostname = "127.0.0.1"
                port = %d
                auth_ref = "jumpbox-password"

                [auth_refs.jumpbox-password]
                type = "password_env"
                value = "STH_JUMPBOX_PASSWORD"
                """.formatted(thor.port()));
    }

    @AfterEach
    void stop() {
        servers.forEach(LoopbackSshServer::stop);
    }

    /** The CLI in its own JVM, with HOME (user.home) the temporary one, the jump password set and no ssh-agent. */
    private Cli.Result controller(String... args) throws Exception {
        Path log = Files.createTempFile(tmp, "controller", ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-Dsth.poll.delay=100"));
        cmd.addAll(org.sth.automation.Cli.packagedLauncher());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("STH_JUMPBOX_PASSWORD", PASSWORD);
        pb.environment().remove("SSH_AUTH_SOCK");
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("controller did not finish in 180 s:\n" + Files.readString(log));
        }
        return new Cli.Result(p.exitValue(), Files.readString(log), "");
    }

    @Test
    void theOriginalsInventoryLoadsConnectsRunsAndResumesInItsDocumentedForm() throws Exception {
        // when: the reproduction, first step (was exit 2 "missing required key 'auth_ref'")
        Cli.Result checked = Cli.run("validate", "--config", config.toString(), "--scope", "config");

        // then
        assertThat(checked.exit()).as(checked.toString()).isZero();
        assertThat(checked.out()).contains("thor (sthuser@127.0.0.1:", "password_env STH_JUMPBOX_PASSWORD",
                "turind8 (sthuser@127.0.0.1:", "no auth_ref: as OpenSSH");

        // when: the target behind the password jump authenticates with HOME's default key
        Cli.Result connected = controller("validate", "--config", config.toString(), "--host", "turind8", "--scope", "connectivity");

        // then
        assertThat(connected.exit()).as(connected.toString()).isZero();
        JsonNode report = Json.MAPPER.readTree(connected.out().substring(connected.out().indexOf('{')));
        assertThat(report.path("hosts").get(0).path("hops").findValuesAsText("status")).containsExactly("ok", "ok");
        assertThat(connected.out()).doesNotContain(PASSWORD);

        // when: a run on it, then the original's documented resume form
        Cli.Result run = controller("run", "--config", config.toString(), "--host", "turind8", "--benchmarks", "preflight",
                "--timeout", "PT2M");
        assertThat(run.exit()).as(run.toString()).isZero();
        Path runDir = run.runDir();
        Cli.Result resumed = controller("resume", "--config", config.toString(), "--run-dir", runDir.toString());
        Cli.Result otherConfig = Cli.run("resume", "--config", tmp.resolve("other.toml").toString(), "--run-dir", runDir.toString());

        // then
        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("Nothing to resume").doesNotContain("Unknown option");
        assertThat(otherConfig.exit()).as(otherConfig.toString()).isEqualTo(Main.USAGE);
        assertThat(otherConfig.err()).contains("is not the config this run was planned with", config.toString());
        JsonNode inventory = Json.readObject(runDir.resolve("host_inventory_snapshot.json"));
        assertThat(inventory.path("hop_chain").toString()).isEqualTo("[\"thor\",\"turind8\"]");
        assertThat(inventory.path("remote_user").asText()).isNotEmpty();
        assertThat(Files.readString(runDir.resolve("command_ledger.jsonl"))).doesNotContain(PASSWORD);
    }

    @Test
    void everyVerbAnswersHelp() {
        for (String verb : List.of("validate", "run", "serve", "status", "resume", "recover", "replay", "demo", "demo-server")) {
            // when
            Cli.Result r = Cli.run(verb, "--help");

            // then
            assertThat(r.exit()).as(verb + ": " + r).isZero();
            assertThat(r.out()).as(verb).contains("Usage: sth-bench-automation " + verb).contains("--help").doesNotContain("Unknown option");
        }
    }
}
