package org.sth.automation.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.host.HostFacts;

/** Runs the real scripts/build-bundles.sh and the wrappers inside the bundles it builds. */
class BuildBundlesScriptIT {

    @TempDir
    Path tmp;

    private static String run(Path dir, Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", cmd));
        }
        String out = new String(p.getInputStream().readAllBytes());
        return p.exitValue() + "\n" + out;
    }

    @Test
    void buildsBothWrapperBundlesReproduciblyWithVerifiedManifests() throws Exception {
        // given
        Path script = Path.of("scripts/build-bundles.sh").toAbsolutePath();

        // when
        String first = run(tmp, Map.of(), "sh", script.toString(), tmp.resolve("one").toString());
        String second = run(tmp, Map.of(), "sh", script.toString(), tmp.resolve("two").toString());

        // then
        assertThat(first).startsWith("0\n");
        assertThat(second).startsWith("0\n");
        for (String stem : List.of("system-info-wrapper-1.0.0-linux-any", "latency-wrapper-1.0.0-linux-any")) {
            Path archive = tmp.resolve("one").resolve(stem + ".tar.gz");
            BundleManifest m = BundleManifest.read(BundleManifest.manifestBeside(archive));
            assertThat(m.stem()).isEqualTo(stem);
            assertThat(m.missingFields()).isEmpty();
            assertThat(m.sha256()).isEqualTo(BundleVerifier.sha256(archive)).isEqualTo(BundleVerifier.sha256(tmp.resolve("two").resolve(stem + ".tar.gz")));
            assertThat(SafeTarReader.list(archive)).extracting(SafeTarReader.Entry::name).containsExactly("run.sh");
            assertThat(BundleVerifier.problem(archive, m, new HostFacts("arm64", "linux", null, Set.of(), true), m.capabilities())).isEmpty();
        }
    }

    @Test
    void theBuiltLatencyBundleResolvesFromTheCacheAndItsWrapperWritesTheToolsCsv() throws Exception {
        // given: the bundles built into a cache, and a stand-in core-to-core-latency printing a real CSV
        run(tmp, Map.of(), "sh", Path.of("scripts/build-bundles.sh").toAbsolutePath().toString(), tmp.resolve("cache").toString());
        AdapterSpec latency = new AdapterSpec("latency", "latency", "latency", List.of("sh"), List.of(), Duration.ofMinutes(5),
                List.of("latency.csv"), new Packaging("latency-wrapper", List.of("core-to-core-latency"), List.of("core-to-core-latency"), null,
                        List.of(), Map.of()));
        Path csv = Path.of("src/test/resources/realdata/04-core-to-core-latency/results_Intel_Core_i9-12900K.csv").toAbsolutePath();
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path tool = bin.resolve("core-to-core-latency");
        Files.writeString(tool, "#!/bin/sh\n[ \"$3\" = --csv ] || exit 2\ncat '" + csv + "'\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));

        // when
        Resolution r = BundleResolver.resolve(latency.needs(), new HostFacts("x86_64", "linux", "apt-get", Set.of("sh", "core-to-core-latency"), true),
                BundleSources.cacheOnly(tmp.resolve("cache")));
        Path extracted = tmp.resolve("staged");
        SafeTarReader.extract(r.selected().archive(), extracted);
        String withTool = run(extracted, Map.of("PATH", bin + ":" + System.getenv("PATH")), "sh", "run.sh", tmp.resolve("out").toString(), "10", "3");
        String withoutTool = run(extracted, Map.of("PATH", "/usr/bin:/bin"), "sh", "run.sh", tmp.resolve("out2").toString());

        // then
        assertThat(r.basis()).isEqualTo(Basis.CAPTURED_CACHE);
        assertThat(r.manifest().requiresOnHost()).as("the wrapper says what it drives").containsExactly("core-to-core-latency");
        assertThat(BundleResolver.resolve(latency.needs(), new HostFacts("x86_64", "linux", "apt-get", Set.of("sh"), true),
                BundleSources.cacheOnly(tmp.resolve("cache"))).blocked()).as("and is refused where that is missing").isTrue();
        assertThat(withTool).startsWith("0\n");
        assertThat(tmp.resolve("out/latency.csv")).hasSameBinaryContentAs(csv);
        assertThat(tmp.resolve("out/status.txt")).hasContent("status=ok");
        assertThat(withoutTool).startsWith("127\n").contains("core-to-core-latency not found on PATH");
        assertThat(tmp.resolve("out2/status.txt")).hasContent("status=missing_runner");
        assertThat(tmp.resolve("out2/latency.csv")).doesNotExist();
    }

    @Test
    void theSystemInfoWrapperCapturesThisMachine() throws Exception {
        // given
        run(tmp, Map.of(), "sh", Path.of("scripts/build-bundles.sh").toAbsolutePath().toString(), tmp.resolve("cache").toString());
        Path extracted = tmp.resolve("staged");
        SafeTarReader.extract(tmp.resolve("cache/system-info-wrapper-1.0.0-linux-any.tar.gz"), extracted);

        // when
        String out = run(extracted, Map.of(), "sh", "run.sh", tmp.resolve("out").toString());

        // then
        assertThat(out).startsWith("0\n");
        assertThat(Files.readAllLines(tmp.resolve("out/captures.tsv"))).first().isEqualTo("name\texit_code\tcommand");
        assertThat(Files.readString(tmp.resolve("out/captures.tsv"))).contains("uname\t0\tuname -a");
        assertThat(Files.readString(tmp.resolve("out/uname.txt"))).startsWith("Linux");
    }
}
