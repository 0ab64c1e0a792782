package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sth.automation.RunDirectoryAssertions.commandCountsByKey;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.RunDirectoryAssertions;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.Json;
import org.sth.automation.run.JsonlLedger;
import org.sth.automation.run.RunLayout;
import org.sth.automation.run.StatusRebuilder;

/**
 * Hole 1 of issue 15: the run directory and work root on a 2 MiB tmpfs. Below the free-space floor, or when a write
 * fails with ENOSPC mid-run, the run stops promptly as {@code interrupted} (reason {@code disk_full}), status.json
 * agrees with the events, the message is held in its spool (never deleted), and {@code resume} completes after space
 * is freed. Needs root for {@code mount -t tmpfs} (skipped otherwise).
 */
class DiskFullIT {

    private Path mount;

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            sh("umount", "-l", mount.toString());
        }
    }

    @Test
    void belowTheFreeSpaceFloorTheRunStopsAtOnceAndResumesOnceThereIsSpace(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // given runs and spools on a 2 MiB file system, under the default 64 MiB floor
            tmpfs(dir, "2m");

            // when
            Instant start = Instant.now();
            Cli.Result run = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "system-info");

            // then run returns promptly with a clear error, the run is interrupted for disk_full, nothing is lost
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(90));
            assertThat(run.exit()).as(run.toString()).isEqualTo(Main.FAILED);
            assertThat(run.out()).contains("disk_full", "below the floor", "min_free_disk_mib", "Result: interrupted");
            Path runDir = run.runDir();
            assertInterruptedForDiskFullAndConsistent(runDir);
            assertThat(held(dir)).as("the message is held in its spool").hasSize(1);

            // and resume completes once the file system has room
            sh("mount", "-o", "remount,size=256m", mount.toString());
            Cli.Result resumed = Cli.run("resume", "--run-dir", runDir.toString(), "--timeout", "PT5M");
            assertThat(resumed.exit()).as(resumed.toString()).isZero();
            assertThat(resumed.out()).contains("held in spool/discover after a storage failure", "run completed");
            assertThat(held(dir)).isEmpty();
            org.sth.automation.faults.FaultReport.row("disk full: 2 MiB tmpfs below the 64 MiB free-space floor", "run stops at once as interrupted (disk_full); message held; resume completes",
                    "exit 1 in " + Duration.between(start, Instant.now()).toSeconds() + " s (with resume); interrupted disk_full; held 1; resumed to completed",
                    "faults injected: 1, items lost: 0");
        }
    }

    @Test
    void aWriteThatFailsWithNoSpaceMidRunStopsTheRunAndLosesNothing(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // given no floor, and the file system filled to 348 KiB free: captures hit ENOSPC mid-run
            Files.writeString(env.config(), Files.readString(env.config()).replace("[execution]\n", "[execution]\nmin_free_disk_mib = 0\n"));
            tmpfs(dir, "2m");
            Path filler = mount.resolve("filler");
            fill(filler, 348);

            // when
            Instant start = Instant.now();
            Cli.Result run = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "system-info", "--timeout", "PT5M");

            // then
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(120));
            assertThat(run.exit()).as(run.toString()).isEqualTo(Main.FAILED);
            assertThat(run.out()).contains("disk_full", "No space left on device");
            Path runDir = run.runDir();
            assertInterruptedForDiskFullAndConsistent(runDir);
            assertThat(held(dir).size() + recovered(dir).size()).as("the message is held or parked, never deleted").isEqualTo(1);

            // and after freeing space, resume completes without running a finished command twice
            Files.delete(filler);
            Cli.Result resumed = Cli.run("resume", "--run-dir", runDir.toString(), "--timeout", "PT5M");
            assertThat(resumed.exit()).as(resumed.toString()).isZero();
            assertThat(Json.readObject(runDir.resolve("status.json")).path("state").asText()).isEqualTo("completed");
            assertThat(commandCountsByKey(runDir)).allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
            org.sth.automation.faults.FaultReport.row("disk full: ENOSPC mid-run (tmpfs filled to 348 KiB free, no floor)",
                    "run stops as interrupted (disk_full); status = events; message held or parked; resume completes, nothing twice",
                    "exit 1; interrupted disk_full; status rebuilt = live; message kept; resumed to completed; 0 keys twice",
                    "faults injected: 1, items lost: 0");
        }
    }

    @Test
    void aRunDirectoryRemovedMidRunStopsTheRunInsteadOfWaitingADay(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // given a run in a controller of its own, whose run directory is deleted while it runs
            Path log = dir.resolve("controller.log");
            Process controller = Cli.controller(log, "run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "system-info").start();
            Path runDir = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> RunDirectoryAssertions.findRun(dir.resolve("automation-runs")),
                            r -> r != null && RunDirectoryAssertions.read(r.resolve("events.jsonl")).contains("\"execute\""));

            // when
            sh("rm", "-rf", runDir.toString());

            // then the controller stops promptly with the reason instead of recreating the directory or waiting
            try {
                assertThat(controller.waitFor(120, TimeUnit.SECONDS)).as(RunDirectoryAssertions.read(log)).isTrue();
            } finally {
                controller.destroyForcibly();
            }
            assertThat(controller.exitValue()).isEqualTo(Main.FAILED);
            assertThat(RunDirectoryAssertions.read(log)).contains("run_dir_vanished");
            assertThat(runDir.resolve("state/plan.json")).doesNotExist();
            // whichever write failed first (a step's, or a heartbeat's while the step still ran), the message was not
            // deleted: it is held, or still waiting, in its spool
            assertThat(filesNamed(dir.resolve("work/spool"), "")).as("the message is still in a spool; the work root holds %s; the controller said:%n%s",
                            filesNamed(dir.resolve("work"), ""), RunDirectoryAssertions.read(log))
                    .filteredOn(p -> p.toString().endsWith(".json")).hasSize(1);
            org.sth.automation.faults.FaultReport.row("run directory removed mid-run", "controller stops promptly (run_dir_vanished), directory not recreated, message kept",
                    "exit 1 with run_dir_vanished; no plan.json recreated; message still in its spool", "faults injected: 1, items lost: 0");
        }
    }

    private static void assertInterruptedForDiskFullAndConsistent(Path runDir) {
        ObjectNode status = Json.readObject(runDir.resolve("status.json"));
        List<ObjectNode> events = JsonlLedger.read(runDir.resolve("events.jsonl")).records();
        assertThat(JsonlLedger.read(runDir.resolve("events.jsonl")).unreadableLines()).isZero();
        assertThat(events).filteredOn(e -> e.path("event").asText().equals("run_interrupted"))
                .anySatisfy(e -> assertThat(e.path("reason").asText()).isEqualTo("disk_full"));
        assertThat(status.path("state").asText()).isEqualTo("interrupted");
        // status.json says what the events say
        ObjectNode rebuilt = StatusRebuilder.rebuild(new RunLayout(runDir));
        assertThat(status.path("state")).isEqualTo(rebuilt.path("state"));
        assertThat(status.path("phases")).isEqualTo(rebuilt.path("phases"));
        assertThat(status.path("steps")).isEqualTo(rebuilt.path("steps"));
    }

    private void tmpfs(Path dir, String size) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs for the disk-full fixture needs root");
        Path m = dir.resolve("fs");
        Files.createDirectories(m);
        Assumptions.assumeTrue(sh("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", m.toString()) == 0,
                "mount -t tmpfs failed (no CAP_SYS_ADMIN?)");
        mount = m;
        for (String d : List.of("automation-runs", "work")) {
            Files.createDirectories(m.resolve(d));
            Files.createSymbolicLink(dir.resolve(d), m.resolve(d));
        }
    }

    /** Fills the file system until {@code freeKib} KiB are left. */
    private static void fill(Path filler, long freeKib) throws IOException {
        long free = Files.getFileStore(filler.getParent()).getUsableSpace();
        Files.write(filler, new byte[(int) Math.max(0, free - freeKib * 1024)]);
    }

    private static List<Path> held(Path dir) throws IOException {
        return filesNamed(dir.resolve("work/spool"), ".held.");
    }

    private static List<Path> recovered(Path dir) throws IOException {
        return filesNamed(dir.resolve("work/recovery"), "").stream().filter(p -> !p.toString().endsWith(".error.json")).toList();
    }

    private static List<Path> filesNamed(Path root, String prefix) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    private static int sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
