package org.sth.automation.host.quiet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The quiet-host probe's output read into samples, and the verdicts the thresholds give them. */
class QuietVerdictTest {

    private static final Path DATA = Path.of("src/test/resources/realdata/05-quiet-host");
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private static QuietSample sample(String file, String moment, Set<String> runTokens) throws Exception {
        return QuietSample.parse(Files.readString(DATA.resolve(file)), moment, AT, 0.5, runTokens, 5);
    }

    private static QuietThresholds only(String... checks) {
        QuietThresholds d = QuietThresholds.DEFAULT;
        return new QuietThresholds(d.window(), d.maxForeignCpu(), d.minAvailableMemory(), d.maxMemoryPressure(), d.governors(), d.boost(),
                d.maxOtherSessions(), d.topOffenders(), new LinkedHashSet<>(List.of(checks)));
    }

    @Test
    void aHogOnTheContainerIsNamedAndItsMissingProbesAreUnknownNotQuiet() throws Exception {
        // given the real sample of the build container while a CPU hog ran
        QuietSample s = sample("container-2cpu-debian_cpu-hog.txt", "before", Set.of());

        // when
        QuietVerdict v = QuietVerdict.of(s, QuietThresholds.DEFAULT);

        // then the hog is the top offender, the probe itself is not counted
        assertThat(s.offenders()).extracting(QuietSample.Proc::name).first().isEqualTo("qhog-fixture");
        // 39 ticks of the 60.5 that passed per CPU (the loaded host slept longer than the 0.5 s window)
        assertThat(s.offenders().get(0).cpuPercent()).isCloseTo(64.46, org.assertj.core.data.Offset.offset(0.01));
        assertThat(s.offenders()).extracting(QuietSample.Proc::pid).doesNotContain(18489);
        assertThat(v.state()).isEqualTo(QuietVerdict.NOISY);
        assertThat(v.reasons()).singleElement().asString().startsWith("before: processes this run did not start used")
                .contains("qhog-fixture (pid 18412) 64.5%");
        // no cpufreq, no thermal counters, no utmp: unknown with the probe's reason, never quiet
        assertThat(v.unknown()).containsOnlyKeys("governor", "frequency", "thermal", "sessions");
        assertThat(v.unknown().get("thermal")).contains("thermal_throttle");
        assertThat(s.boost()).isNull();
        assertThat(s.sessions()).isNull();
        assertThat(s.memoryPressure()).isZero();
        assertThat(s.cpus()).isEqualTo(2);
    }

    @Test
    void withTheChecksTheHostCannotAnswerRemovedAnIdleHostIsQuiet() throws Exception {
        // given the container sample, read as if the hog were one of the run's own commands
        String text = Files.readString(DATA.resolve("container-2cpu-debian_cpu-hog.txt")).replaceAll("R (\\d+) (\\d+) self - (java|qhog-fixture)",
                "R $1 $2 self krun $3");
        QuietSample s = QuietSample.parse(text, "during", AT, 0.5, Set.of("krun"), 5);

        // when
        QuietVerdict v = QuietVerdict.of(s, only("cpu", "memory", "memory_pressure"));

        // then the run's own processes are not offenders, and what is left is below the limit
        assertThat(s.runProcesses()).extracting(QuietSample.Proc::name).contains("qhog-fixture", "java");
        assertThat(s.foreignCpuPercent()).isLessThan(10);
        assertThat(v.state()).isEqualTo(QuietVerdict.QUIET);
        assertThat(v.reasons()).isEmpty();
    }

    @Test
    void governorsCapsSessionsAndAnotherRunsCommandAreNoisyWithReasons() throws Exception {
        // given a host running powersave on half its CPUs, one CPU capped, alice logged in, another user's python busy
        QuietSample s = sample("x86-8cpu-powersave_constructed.txt", "before", Set.of("kbench0000000000000000000000001"));

        // when
        QuietVerdict v = QuietVerdict.of(s, QuietThresholds.DEFAULT);

        // then
        assertThat(s.runProcesses()).extracting(QuietSample.Proc::affinity).containsOnly("2-3");
        assertThat(s.offenders()).extracting(QuietSample.Proc::name).containsExactly("python3", "sleep probe");
        assertThat(s.offenders().get(1).origin()).isEqualTo(QuietSample.Origin.OTHER_STH_COMMAND);
        assertThat(s.offenders().get(0).sameUser()).isFalse();
        assertThat(s.boost()).isTrue();
        assertThat(s.hostBusyPercent()).isCloseTo(100.0 * 430 / 800, org.assertj.core.data.Offset.offset(0.01));
        assertThat(v.state()).isEqualTo(QuietVerdict.NOISY);
        assertThat(v.reasons()).hasSize(4).anySatisfy(r -> assertThat(r).contains("python3 (pid 5100) 45.0%", "sleep probe (pid 5200)"))
                .anySatisfy(r -> assertThat(r).contains("governor powersave on 4 CPUs"))
                .anySatisfy(r -> assertThat(r).contains("capped on 1 CPU: cpu4 2000 of 4200 MHz"))
                .anySatisfy(r -> assertThat(r).contains("1 session of other users (limit 0): alice pts/0"));
        assertThat(v.unknown()).isEmpty();
    }

    @Test
    void aThrottleCounterThatRisesDuringTheStepIsNoisyAndBoostIsCheckedWhenAsked() throws Exception {
        // given the same host before and after a step, its throttle counter up by 3, boost asked off
        String before = Files.readString(DATA.resolve("x86-8cpu-powersave_constructed.txt"));
        QuietSample first = QuietSample.parse(before, "before", AT, 0.5, Set.of(), 5);
        QuietSample last = QuietSample.parse(before.replace("H 12 30 8", "H 15 30 8"), "after", AT.plusSeconds(60), 0.5, Set.of(), 5);
        QuietThresholds d = QuietThresholds.DEFAULT;
        QuietThresholds t = new QuietThresholds(d.window(), d.maxForeignCpu(), d.minAvailableMemory(), d.maxMemoryPressure(), d.governors(),
                "off", d.maxOtherSessions(), d.topOffenders(), Set.of("thermal", "boost"));

        // when
        QuietVerdict v = QuietVerdict.of(List.of(first, last), t);

        // then
        assertThat(v.reasons()).containsExactly("before: boost is on (quiet: off)",
                "after: boost is on (quiet: off)",
                "the CPUs were thermally throttled between before and after: core_throttle_count +3, package_throttle_count +0");
    }

    @Test
    void aSampleThatCouldNotBeTakenLeavesEveryCheckUnknownAndTheWindowIsGivenToSleepInSeconds() {
        // given
        QuietSample s = QuietSample.unavailable("during", AT, "the host's session did not answer within 30 s");

        // when
        QuietVerdict v = QuietVerdict.of(s, QuietThresholds.DEFAULT);

        // then
        assertThat(v.state()).isEqualTo(QuietVerdict.UNKNOWN);
        assertThat(v.unknown()).containsEntry("cpu", "the host's session did not answer within 30 s");
        assertThat(QuietProbe.command(Duration.ofMillis(250))).startsWith("QUIET_WINDOW=0.250\n");
        assertThat(s.toJson().path("unknown").path("probe").asText()).contains("did not answer");
    }
}
