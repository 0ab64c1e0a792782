package org.sth.automation.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.sth.automation.RunDirectoryAssertions.assertCompleteRunDirectory;
import static org.sth.automation.RunDirectoryAssertions.assertEveryPhaseEnteredAndLeft;
import static org.sth.automation.RunDirectoryAssertions.commandCountsByKey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.io.Json;
import org.sth.automation.run.JsonlLedger;
import org.sth.automation.transport.FailureClass;

/**
 * End to end against real OpenSSH servers in network namespaces ({@code lab/up 2}): runs through the
 * password-authenticated jump host and directly, connectivity reports with a stopped target and with a
 * wrong jump password, no trace of the jump password anywhere the engine writes, and a host without
 * {@code lstopo} reported {@code missing_runtime_dependencies} with its install command before anything runs.
 */
@Tag("lab")
@org.junit.jupiter.api.extension.ExtendWith(LabLock.class)
class LabIT {

    private static final String PASSWORD_ENV = "STH_LAB_JUMP_PASSWORD";
    private static final Set<String> FAILURE_CODES = Arrays.stream(FailureClass.values()).map(FailureClass::code)
            .filter(c -> !c.equals(FailureClass.UNKNOWN.code())).collect(Collectors.toSet());
    private static final AtomicInteger CALLS = new AtomicInteger();
    /** lab-t2 has no lstopo (an overlay in its sshd's mount namespace hides it): the readiness tests' host. */
    private static final String HIDDEN = "t2:lstopo";

    @TempDir
    static Path tmp;

    private static Path repo;
    private static Path labDir;
    private static boolean upAttempted;
    private static String password;

    @BeforeAll
    static void labUp() throws Exception {
        Assumptions.assumeTrue(isRoot(), "the lab needs root");
        Assumptions.assumeTrue(onPath("ip"), "the lab needs iproute2 (ip)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/sshd")), "the lab needs openssh-server (lab/install-deps)");
        repo = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        // sshd reads AuthorizedKeysFile under the lab dir as the target user: every parent must be traversable.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        labDir = tmp.resolve("lab");
        upAttempted = true;
        Proc up = script(Duration.ofSeconds(120), "up", "2");
        assertThat(up.exit()).as("lab/up 2 failed:\n%s", up).isZero();
        password = Files.readString(labDir.resolve("jump_password")).strip();
        assertThat(password).isNotEmpty();
    }

    @AfterAll
    static void labDown() throws Exception {
        if (upAttempted) {
            Proc down = script(Duration.ofSeconds(60), "down");
            assertThat(down.exit()).as("lab/down failed:\n%s", down).isZero();
        }
    }

    @Test
    void systemInfoRunThroughTheJumpHostCompletesOnOneConnectionAndLeaksNoPassword() throws Exception {
        // given the lab, the controller in its own JVM with the jump password in its environment
        Path jumpLog = labDir.resolve("hosts/sthlab-jump/sshd.log");
        Path targetLog = labDir.resolve("hosts/sthlab-t1/sshd.log");
        long jumpLoginsBefore = lines(jumpLog, "Accepted password for sthjump");
        long targetLoginsBefore = lines(targetLog, "Accepted publickey for sthbench");

        // when
        Proc run = controller(password, Duration.ofSeconds(150), "run", "--config", config(), "--host", "lab-t1",
                "--benchmarks", "system-info");

        // then the run completed on lab-t1, reached through lab-jump
        assertThat(run.exit()).as(run.toString()).isZero();
        Path runDir = runDir(run);
        ObjectNode status = Json.readObject(runDir.resolve("status.json"));
        assertThat(status.path("state").asText()).isEqualTo("completed");
        assertCompleteRunDirectory(runDir);
        assertEveryPhaseEnteredAndLeft(runDir);
        List<ObjectNode> commands = JsonlLedger.read(runDir.resolve("command_ledger.jsonl")).records();
        assertThat(commands).isNotEmpty().allSatisfy(c -> assertThat(c.path("hops").toString())
                .as(c.path("key").asText()).isEqualTo("[\"lab-jump\",\"lab-t1\"]"));
        assertThat(commandCountsByKey(runDir)).isNotEmpty().allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
        assertThat(commandCountsByKey(runDir).keySet().stream().filter(k -> k.startsWith("system-info/capture/"))).hasSize(25);
        assertSystemInfoSummary(runDir, "lab-t1");
        // one password login to the jump host and one key login to the target for the whole run
        assertThat(lines(jumpLog, "Accepted password for sthjump") - jumpLoginsBefore).as("jump logins").isEqualTo(1);
        assertThat(lines(targetLog, "Accepted publickey for sthbench") - targetLoginsBefore).as("target logins").isEqualTo(1);
        // the remote scratch was removed (the namespaces share this machine's filesystem)
        String scratch = JsonlLedger.read(runDir.resolve("events.jsonl")).records().stream()
                .filter(e -> e.path("event").asText().equals("cleanup_deleted")).map(e -> e.path("path").asText())
                .findFirst().orElseThrow(() -> new AssertionError("no cleanup_deleted event"));
        assertThat(Path.of(scratch)).doesNotExist();
        // and the jump password is nowhere: run dirs, work root, controller output
        List<Path> searched = new ArrayList<>(filesUnder(labDir.resolve("automation-runs")));
        searched.addAll(filesUnder(labDir.resolve("work")));
        searched.add(run.stdout());
        searched.add(run.stderr());
        assertThat(searched).hasSizeGreaterThan(50);
        assertThat(contains(labDir.resolve("jump_password"), password)).as("the search itself finds the password").isTrue();
        assertThat(searched).noneMatch(f -> contains(f, password));
    }

    @Test
    void aBenchmarkDeclaredInTheConfigRunsBehindTheJumpLikeABuiltInOne() throws Exception {
        // given lab.toml plus a benchmark declared without Java (docs/adapters/custom.md, example 1)
        Path declared = tmp.resolve("declared.toml");
        Files.writeString(declared, Files.readString(Path.of(config())) + """

                [benchmarks.sleep-probe]
                command = "sleep 2 && echo ops=42 > result.txt && hostname > host.txt"
                requires = ["sleep", "hostname"]
                ceiling_secs = 60
                results = ["result.txt", "host.txt"]
                parser = "key=value"
                """);

        // when
        Proc run = controller(password, Duration.ofSeconds(150), "run", "--config", declared.toString(), "--host", "lab-t1",
                "--benchmarks", "sleep-probe");

        // then it ran on lab-t1 through lab-jump, every phase, its results hashed and parsed, once
        assertThat(run.exit()).as(run.toString()).isZero();
        Path runDir = runDir(run);
        assertCompleteRunDirectory(runDir);
        assertEveryPhaseEnteredAndLeft(runDir);
        assertThat(JsonlLedger.read(runDir.resolve("command_ledger.jsonl")).records()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.path("hops").toString()).isEqualTo("[\"lab-jump\",\"lab-t1\"]"));
        assertThat(commandCountsByKey(runDir)).containsEntry("sleep-probe/execute/run", 1)
                .allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
        assertThat(Files.readString(runDir.resolve("benchmarks/sleep-probe/host.txt")).strip()).isEqualTo("lab-t1");
        assertThat(Json.readObject(runDir.resolve("benchmarks/sleep-probe/summary.json")).path("values").path("ops").asInt()).isEqualTo(42);
        assertThat(Json.readObject(runDir.resolve("state/steps/sleep-probe/execute.json")).path("details").path("ceiling_secs").asLong())
                .isEqualTo(60);
    }

    @Test
    void aCpuHogOnTheLabTargetIsNamedAndUnderRefuseNothingRunsOrIsPublished() throws Exception {
        // given a benchmark that refuses a noisy host, and a CPU hog of another account (root) on the target's machine
        Path declared = tmp.resolve("quiet.toml");
        Files.writeString(declared, Files.readString(Path.of(config())) + """

                [integrity.quiet]
                sample_window_secs = 0.3
                max_foreign_cpu_percent = 30
                top_offenders = 10
                checks = ["cpu", "memory"]

                [benchmarks.quiet-probe]
                command = "echo ops=1 > result.txt"
                results = ["result.txt"]
                parser = "key=value"
                quiet_policy = "refuse"
                """);
        String hogName = "labhog" + ProcessHandle.current().pid() % 10000;
        Path hogPath = Files.createSymbolicLink(tmp.resolve(hogName), Path.of(Files.exists(Path.of("/usr/bin/yes")) ? "/usr/bin/yes" : "/bin/yes"));
        Process hog = new ProcessBuilder(hogPath.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            // when
            Proc run = controller(password, Duration.ofSeconds(150), "run", "--config", declared.toString(), "--host", "lab-t1",
                    "--benchmarks", "quiet-probe");

            // then the sample over OpenSSH names the hog as another account's, the step is refused and nothing is published
            assertThat(run.exit()).as(run.toString()).isEqualTo(1);
            Path runDir = runDir(run);
            ObjectNode execute = Json.readObject(runDir.resolve("state/steps/quiet-probe/execute.json"));
            assertThat(execute.path("outcome").asText()).isEqualTo("blocked");
            assertThat(execute.path("details").path("reason").asText()).contains("quiet_policy refuse", hogName);
            JsonNode sample = JsonlLedger.read(runDir.resolve("benchmarks/quiet-probe/quiet_host.jsonl")).records().get(0);
            assertThat(sample.path("login_user").asText()).isEqualTo("sthbench");
            assertThat(sample.path("offenders").toString()).contains("\"name\":\"" + hogName + "\"", "\"user\":\"other\"");
            assertThat(runDir.resolve("benchmarks/quiet-probe/result.txt")).doesNotExist();
            assertThat(Json.readObject(runDir.resolve("status.json")).path("steps").path("quiet-probe").path("publish").asText())
                    .isEqualTo("blocked");
        } finally {
            hog.destroyForcibly().waitFor();
        }
    }

    @Test
    void connectivityReportNamesTheFailingHopWhileATargetIsDownAndRecoversAfterRestart() throws Exception {
        // given lab-t1's sshd stopped
        Proc stop = script(Duration.ofSeconds(30), "stop-host", "lab-t1");
        assertThat(stop.exit()).as(stop.toString()).isZero();
        try {
            // when
            Proc validate = controller(password, Duration.ofSeconds(90), "validate", "--config", config(), "--scope",
                    "connectivity");

            // then every other host is reachable on every hop and lab-t1 fails on its own hop only
            assertThat(validate.exit()).as(validate.toString()).isEqualTo(1);
            ObjectNode report = Json.MAPPER.readValue(Files.readString(validate.stdout()), ObjectNode.class);
            assertThat(report.path("ok").asBoolean(true)).isFalse();
            Map<String, JsonNode> hosts = byName(report.path("hosts"), "host");
            assertThat(hosts).containsOnlyKeys("lab-t1", "lab-t2", "lab-d1", "lab-d2");
            for (String ok : List.of("lab-t2", "lab-d1", "lab-d2")) {
                assertThat(hosts.get(ok).path("reachable").asBoolean()).as(ok).isTrue();
                assertThat(hosts.get(ok).path("hops")).as(ok).isNotEmpty()
                        .allSatisfy(h -> assertThat(h.path("status").asText()).as(ok + " " + h).isEqualTo("ok"));
            }
            assertThat(hosts.get("lab-t2").path("hops")).hasSize(2);
            JsonNode t1 = hosts.get("lab-t1");
            assertThat(t1.path("reachable").asBoolean(true)).isFalse();
            Map<String, JsonNode> hops = byName(t1.path("hops"), "hop");
            assertThat(hops).containsOnlyKeys("lab-jump", "lab-t1");
            assertThat(hops.get("lab-jump").path("status").asText()).isEqualTo("ok");
            JsonNode target = hops.get("lab-t1");
            assertThat(target.path("status").asText()).as(target.toString()).isIn(FAILURE_CODES);
            assertThat(target.path("message").asText()).isNotBlank().doesNotContain("\tat ", "Exception");
            assertThat(read(validate.stderr())).as("no stack trace for a routine failure").doesNotContain("\tat ");
        } finally {
            Proc start = script(Duration.ofSeconds(30), "start-host", "lab-t1");
            assertThat(start.exit()).as(start.toString()).isZero();
        }

        // when lab-t1 is back
        Proc again = controller(password, Duration.ofSeconds(90), "validate", "--config", config(), "--scope", "connectivity");

        // then
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(Json.MAPPER.readTree(Files.readString(again.stdout())).path("ok").asBoolean()).isTrue();
    }

    @Test
    void systemInfoRunOnADirectHostCompletes() throws Exception {
        // given the lab; when
        Proc run = controller(password, Duration.ofSeconds(150), "run", "--config", config(), "--host", "lab-d1",
                "--benchmarks", "system-info");

        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        Path runDir = runDir(run);
        assertThat(Json.readObject(runDir.resolve("status.json")).path("state").asText()).isEqualTo("completed");
        assertThat(JsonlLedger.read(runDir.resolve("command_ledger.jsonl")).records()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.path("hops").toString()).isEqualTo("[\"lab-d1\"]"));
        assertSystemInfoSummary(runDir, "lab-d1");
    }

    @Test
    void wrongJumpPasswordIsReportedOnTheJumpHop() throws Exception {
        // given a wrong password in the environment; when
        String wrong = "not-" + password;
        Proc validate = controller(wrong, Duration.ofSeconds(90), "validate", "--config", config(), "--scope",
                "connectivity", "--host", "lab-t1");

        // then the jump hop is blamed, not the target
        assertThat(validate.exit()).as(validate.toString()).isEqualTo(1);
        JsonNode report = Json.MAPPER.readTree(Files.readString(validate.stdout()));
        assertThat(report.path("hosts")).hasSize(1);
        Map<String, JsonNode> hops = byName(report.path("hosts").get(0).path("hops"), "hop");
        assertThat(hops.get("lab-jump").path("status").asText()).isEqualTo("auth_failed");
        assertThat(hops.get("lab-t1").path("status").asText()).isEqualTo("not_reached");
        assertThat(List.of(validate.stdout(), validate.stderr())).noneMatch(f -> contains(f, wrong));
    }

    @Test
    void hostMissingLstopoIsReportedWithItsInstallCommandBeforeAnyExecutionAndRunsOnceInstalledAndResumed() throws Exception {
        // given lab-t2 without lstopo, lab-t1 with it; when validate probes both live
        Proc validate = controller(password, Duration.ofSeconds(90), "validate", "--config", config(), "--scope", "all",
                "--host", "lab-t1", "--host", "lab-t2", "--benchmarks", "system-info");

        // then lab-t2 is missing a required runtime dependency, named with the apt command that installs it
        assertThat(validate.exit()).as(validate.toString()).isEqualTo(1);
        Map<String, JsonNode> hosts = byName(Json.MAPPER.readTree(Files.readString(validate.stdout())).path("hosts"), "host");
        JsonNode t2 = hosts.get("lab-t2").path("readiness").path("system-info");
        assertThat(hosts.get("lab-t2").path("readiness_basis").asText()).startsWith("live");
        assertThat(t2.path("status").asText()).as(t2.toString()).isEqualTo("missing_runtime_dependencies");
        assertThat(t2.path("validated_readiness_status").asText()).isEqualTo("missing_runtime_dependencies");
        assertThat(t2.path("missing_required").toString()).isEqualTo("[\"lstopo\"]");
        assertThat(t2.path("install_command").asText()).isEqualTo("sudo apt-get install -y hwloc-nox");
        JsonNode t1 = hosts.get("lab-t1").path("readiness").path("system-info");
        assertThat(t1.path("status").asText()).as(t1.toString()).isEqualTo("ready");
        assertThat(t1.path("missing_required")).isEmpty();

        // when a run asks for system-info on lab-t2
        Proc run = controller(password, Duration.ofSeconds(150), "run", "--config", config(), "--host", "lab-t2",
                "--benchmarks", "system-info");

        // then preflight reports it, nothing of system-info runs on the host, and the blocked step says why and how
        Path runDir = runDir(run);
        JsonNode pre = Json.readObject(runDir.resolve("preflight/summary.json")).path("readiness").path("system-info");
        assertThat(pre.path("status").asText()).isEqualTo("missing_runtime_dependencies");
        assertThat(pre.path("install_command").asText()).isEqualTo("sudo apt-get install -y hwloc-nox");
        assertThat(Files.readString(runDir.resolve("preflight/summary.md"))).contains("`sudo apt-get install -y hwloc-nox`");
        assertThat(commandCountsByKey(runDir).keySet()).isNotEmpty().noneMatch(k -> k.startsWith("system-info/"));
        JsonNode execute = Json.readObject(runDir.resolve("state/steps/system-info/execute.json"));
        assertThat(execute.path("outcome").asText()).isEqualTo("blocked");
        assertThat(execute.path("details").path("reason").asText()).contains("lstopo", "sudo apt-get install -y hwloc-nox");
        assertThat(run.exit()).as(run.toString()).isNotZero();

        // when the operator installs it (here: lab-t2 restarted without the overlay) and resumes the run
        Files.delete(labDir.resolve("hosts/sthlab-t2/hidden_tools"));
        assertThat(script(Duration.ofSeconds(30), "stop-host", "lab-t2").exit()).isZero();
        assertThat(script(Duration.ofSeconds(30), "start-host", "lab-t2").exit()).isZero();
        Proc resume = controller(password, Duration.ofSeconds(150), "resume", "--run-dir", runDir.toString());

        // then readiness is probed again and system-info runs, each command once, nothing before it redone
        assertThat(resume.exit()).as(resume.toString()).isZero();
        assertThat(Files.readString(resume.stdout())).contains("re-check readiness of system-info");
        assertThat(Json.readObject(runDir.resolve("status.json")).path("state").asText()).isEqualTo("completed");
        assertThat(Json.readObject(runDir.resolve("preflight/summary.json")).path("readiness").path("system-info")
                .path("status").asText()).isEqualTo("ready");
        Map<String, Integer> counts = commandCountsByKey(runDir);
        assertThat(counts).allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
        assertThat(counts.keySet()).contains("preflight/probe").anyMatch(k -> k.startsWith("preflight/probe/recheck-"));
        assertThat(counts.keySet().stream().filter(k -> k.startsWith("system-info/capture/"))).hasSize(25);
        assertThat(runDir.resolve("state/readiness_recheck")).doesNotExist();
        assertSystemInfoSummary(runDir, "lab-t2");
    }

    private static void assertSystemInfoSummary(Path runDir, String host) throws IOException {
        ObjectNode summary = Json.readObject(runDir.resolve("benchmarks/system-info/summary.json"));
        assertThat(summary.path("host").path("name").asText()).isEqualTo(host);
        JsonNode cpu = summary.path("cpu");
        assertThat(cpu.path("architecture").asText()).isNotBlank();
        assertThat(cpu.path("logical_cores").asInt()).isPositive();
        assertThat(cpu.path("model_names")).isNotEmpty();
        // each lab host has its own UTS namespace: the capture really ran there
        assertThat(Files.readString(runDir.resolve("benchmarks/system-info/raw/uname.txt"))).contains(" " + host + " ");
    }

    private static String config() {
        return labDir.resolve("lab.toml").toString();
    }

    private static Path runDir(Proc run) throws IOException {
        String out = Files.readString(run.stdout());
        return out.lines().filter(l -> l.startsWith("Run directory: ")).findFirst()
                .map(l -> Path.of(l.substring("Run directory: ".length()).strip()))
                .orElseThrow(() -> new AssertionError("no run directory printed:\n" + run));
    }

    private static Map<String, JsonNode> byName(JsonNode array, String field) {
        Map<String, JsonNode> m = new java.util.LinkedHashMap<>();
        array.forEach(n -> m.put(n.path(field).asText(), n));
        return m;
    }

    /** The controller in its own JVM: the CLI reads secrets from the real process environment. */
    private static Proc controller(String jumpPassword, Duration timeout, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dsth.poll.delay=100"));
        cmd.addAll(org.sth.automation.Cli.packagedLauncher());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove(PASSWORD_ENV);
        if (jumpPassword != null) {
            pb.environment().put(PASSWORD_ENV, jumpPassword);
        }
        return exec(pb, timeout);
    }

    private static Proc script(Duration timeout, String name, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(repo.resolve("lab").resolve(name).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile());
        pb.environment().put("LAB_DIR", labDir.toString());
        pb.environment().put("LAB_HIDE_TOOLS", HIDDEN);
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
        return new Proc(String.join(" ", pb.command().subList(Math.max(0, pb.command().size() - 8), pb.command().size())),
                p.exitValue(), out, err);
    }

    /** One finished process; output is kept in files so it can be searched for secrets too. */
    private record Proc(String command, int exit, Path stdout, Path stderr) {

        @Override
        public String toString() {
            return command + " -> exit " + exit + "\n--- out\n" + tail(stdout) + "\n--- err\n" + tail(stderr);
        }

        private static String tail(Path f) {
            String s = read(f);
            return s.length() > 6000 ? "…" + s.substring(s.length() - 6000) : s;
        }
    }

    private static long lines(Path log, String prefix) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        try (Stream<String> s = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return s.filter(l -> l.startsWith(prefix)).count();
        }
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static boolean contains(Path f, String secret) {
        return read(f).contains(secret);
    }

    private static String read(Path f) {
        try {
            return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean onPath(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        return dirs.stream().filter(d -> !d.isEmpty()).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
