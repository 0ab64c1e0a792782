package org.sth.automation.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.host.topology.CpuSet;
import org.sth.automation.io.Json;
import org.sth.automation.run.JsonlLedger;

/**
 * agentsth on the OpenSSH lab ({@code lab/up 1}, lab-t1 without taskset): a 2-agent split behind the jump host pinned
 * with numactl, whose affinities read back on the host match the plan; and on lab-d1 a family whose agents re-pin
 * themselves, caught while they run and failed with the planned and the actual set, the official family intact.
 */
@Tag("lab")
@org.junit.jupiter.api.extension.ExtendWith(LabLock.class)
class AgentsthLabIT {

    private static final String PASSWORD_ENV = "STH_LAB_JUMP_PASSWORD";
    private static final AtomicInteger CALLS = new AtomicInteger();

    @TempDir
    static Path tmp;

    private static Path repo;
    private static Path labDir;
    private static boolean upAttempted;
    private static String password;

    @BeforeAll
    static void labUp() throws Exception {
        Assumptions.assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid")), "the lab needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/sshd")), "the lab needs openssh-server (lab/install-deps)");
        repo = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        labDir = tmp.resolve("lab");
        upAttempted = true;
        Proc up = script(Duration.ofSeconds(120), "up", "1");
        assertThat(up.exit()).as("lab/up 1 failed:\n%s", up).isZero();
        password = Files.readString(labDir.resolve("jump_password")).strip();
    }

    @AfterAll
    static void labDown() throws Exception {
        if (upAttempted) {
            Proc down = script(Duration.ofSeconds(60), "down");
            assertThat(down.exit()).as("lab/down failed:\n%s", down).isZero();
        }
    }

    /** lab.toml plus a stand-in agentsth source tree and the given [agentsth] policy. */
    private static Path config(String name, String policy) throws IOException {
        Path src = tmp.resolve("agentsth-src");
        if (!Files.exists(src)) {
            Files.createDirectories(src);
            Files.writeString(src.resolve("Makefile"), "agentsth: agentsth.in\n\tcp agentsth.in agentsth && chmod +x agentsth\n");
            Files.writeString(src.resolve("agentsth.in"), "#!/bin/sh\n"
                    + "if [ \"$1\" = --repin ]; then taskset -cp 0 $$ >/dev/null; sleep 3; fi\n"
                    + "printf '{\"affinity\":\"%s\",\"agent\":\"%s\"}\\n' \"$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/$$/status)\" "
                    + "\"$AGENT_INDEX\" > \"$OUT/results.json\"\n");
        }
        String toml = Files.readString(labDir.resolve("lab.toml"));
        toml = toml.replaceFirst("\\[paths\\]\n", "[paths]\nagentsth_repo = \"" + src + "\"\n");
        Path file = labDir.resolve(name);
        Files.writeString(file, toml + "\n[agentsth]\nofficial_profile = \"official\"\n" + policy
                + "\n[agentsth.profiles.official]\nargs = [\"--profile\", \"official\"]\n"
                + "\n[agentsth.profiles.repin]\nargs = [\"--repin\"]\n");
        return file;
    }

    /** A family of {@code families.json}: its outcome ({@code families}) or its plan ({@code plan}). */
    private static JsonNode family(Path run, String section, String id) {
        JsonNode doc = Json.readObject(run.resolve("benchmarks/agentsth/families.json"));
        JsonNode list = section.equals("plan") ? doc.path("plan").path("families") : doc.path("families");
        for (JsonNode f : list) {
            if (f.path("id").asText().equals(id)) {
                return f;
            }
        }
        throw new AssertionError("no family " + id + " under " + section + " in " + doc);
    }

    @Test
    void aSplitBehindTheJumpHostPinnedWithNumactlRunsWhereThePlanSays() throws Exception {
        // given: lab-t1 has no taskset (hidden by lab/up), so the agents are pinned with numactl
        Path config = config("agentsth-split.toml", "multi_agent = [2]\n");

        // when
        Proc run = controller(Duration.ofSeconds(240), "run", "--config", config.toString(), "--host", "lab-t1", "--benchmarks", "agentsth");

        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        Path runDir = runDir(run);
        JsonNode split = family(runDir, "families", "all-split2");
        JsonNode planned = family(runDir, "plan", "all-split2");
        assertThat(split.path("outcome").asText()).isEqualTo("completed");
        assertThat(split.path("pin_tool").asText()).isEqualTo("numactl");
        for (int i = 0; i < 2; i++) {
            CpuSet plan = CpuSet.parse(planned.path("agents").get(i).path("cpus").asText());
            assertThat(CpuSet.parse(split.path("agents").get(i).path("start_affinity").asText())).isEqualTo(plan);
            assertThat(split.path("agents").get(i).path("affinity_ok").asBoolean()).isTrue();
            JsonNode own = Json.readObject(runDir.resolve("benchmarks/agentsth/all-split2/agent-" + i + "/results.json"));
            assertThat(CpuSet.parse(own.path("affinity").asText())).isEqualTo(plan);
        }
        assertThat(family(runDir, "families", "official-all").path("pin_tool").asText()).isEqualTo("numactl");
        assertThat(JsonlLedger.read(runDir.resolve("command_ledger.jsonl")).records()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.path("hops").toString()).isEqualTo("[\"lab-jump\",\"lab-t1\"]"));
    }

    @Test
    void agentsThatRepinThemselvesAreCaughtWhileTheyRun() throws Exception {
        // given: a supplemental family of two agents that both move themselves to CPU 0
        Path config = config("agentsth-repin.toml", "\n[[agentsth.supplemental]]\nid = \"repin\"\nprofile = \"repin\"\nagents = 2\n");

        // when
        Proc run = controller(Duration.ofSeconds(240), "run", "--config", config.toString(), "--host", "lab-d1", "--benchmarks", "agentsth");

        // then: the official family is intact; the repin family failed naming planned and actual sets
        Path runDir = runDir(run);
        assertThat(family(runDir, "families", "official-all").path("outcome").asText()).as(run.toString()).isEqualTo("completed");
        JsonNode repin = family(runDir, "families", "repin");
        String planned1 = family(runDir, "plan", "repin").path("agents").get(1).path("cpus").asText();
        assertThat(repin.path("outcome").asText()).isEqualTo("failed");
        assertThat(repin.path("reason").asText()).contains("affinity mismatch", "agent 1 planned " + planned1 + ", actual " + planned1,
                "while running: 0");
        assertThat(Json.readObject(runDir.resolve("status.json")).path("warnings").path("agentsth_families").path("message").asText())
                .contains("repin");
    }

    private static Path runDir(Proc run) throws IOException {
        return Files.readString(run.stdout()).lines().filter(l -> l.startsWith("Run directory: ")).findFirst()
                .map(l -> Path.of(l.substring("Run directory: ".length()).strip()))
                .orElseThrow(() -> new AssertionError("no run directory printed:\n" + run));
    }

    private static Proc controller(Duration timeout, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dsth.poll.delay=100"));
        cmd.addAll(org.sth.automation.Cli.packagedLauncher());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put(PASSWORD_ENV, password);
        return exec(pb, timeout);
    }

    private static Proc script(Duration timeout, String name, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(repo.resolve("lab").resolve(name).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile());
        pb.environment().put("LAB_DIR", labDir.toString());
        pb.environment().put("LAB_HIDE_TOOLS", "t1:taskset");
        return exec(pb, timeout);
    }

    private static Proc exec(ProcessBuilder pb, Duration timeout) throws Exception {
        int n = CALLS.incrementAndGet();
        Path out = tmp.resolve("proc-" + n + ".out");
        Path err = tmp.resolve("proc-" + n + ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("timed out after %s: %s\n--- out\n%s--- err\n%s", timeout, pb.command(), Files.readString(out), Files.readString(err));
        }
        return new Proc(String.join(" ", pb.command().subList(Math.max(0, pb.command().size() - 8), pb.command().size())), p.exitValue(), out, err);
    }

    private record Proc(String command, int exit, Path stdout, Path stderr) {

        @Override
        public String toString() {
            try {
                String o = Files.readString(stdout);
                String e = Files.readString(stderr);
                return command + " -> exit " + exit + "\n--- out\n" + o.substring(Math.max(0, o.length() - 6000)) + "\n--- err\n"
                        + e.substring(Math.max(0, e.length() - 6000));
            } catch (IOException x) {
                return command + " -> exit " + exit;
            }
        }
    }
}
