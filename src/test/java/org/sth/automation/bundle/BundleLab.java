package org.sth.automation.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.sth.automation.adapter.spi.AdapterSpec;

/** Real bundle files on disk for the resolver and classifier tests: good ones, corrupt ones, crafted evil ones. */
final class BundleLab {

    static final String BUNDLE = "latency-wrapper";

    /** A latency-like adapter: bundle, runner on PATH, source build with cargo (bootstrappable) and cc (package-managed). */
    static final AdapterSpec LATENCY = new AdapterSpec("latency", "latency", "latency", List.of("sh", "tar"), List.of("numactl"),
            Duration.ofMinutes(30), List.of("latency.csv"),
            new Packaging(BUNDLE, List.of("core-to-core-latency"), List.of("core-to-core-latency"),
                    "cargo install --locked core-to-core-latency", List.of("cargo", "cc"), Map.of("cargo", "cargo via rustup")));

    /** An adapter that runs host tools only. */
    static final AdapterSpec HOST_TOOLS = new AdapterSpec("sysinfo-like", "sysinfo-like", "sysinfo_like", List.of("uname", "lscpu"),
            List.of("lstopo"), Duration.ofMinutes(5), List.of("summary.json"));

    final Path root;
    final Path configured;
    final Path cache;
    final Path dist;
    final Path repo;
    final Path builder;

    BundleLab(Path root) {
        this.root = root;
        this.configured = root.resolve("configured");
        this.cache = root.resolve("bundle-cache");
        this.dist = root.resolve("dist");
        this.repo = root.resolve("repo-bundles");
        this.builder = root.resolve("build-latency.sh");
        for (Path d : List.of(configured, cache, dist, repo)) {
            mkdirs(d);
        }
    }

    /** Every source configured; which ones hold something depends on the case. */
    BundleSources sources() {
        Path conf = configured.resolve(stem("1.0.0", "x86_64") + ".tar.gz");
        return new BundleSources(Files.exists(conf) || configureMissing ? Map.of("latency", conf) : Map.of(), cache, dist,
                Files.exists(builder) ? Map.of("latency", builder) : Map.of(), repo);
    }

    /** Configure the bundle path even when nothing is there (an operator's typo). */
    boolean configureMissing;

    static String stem(String version, String arch) {
        return BUNDLE + "-" + version + "-linux-" + arch;
    }

    /** A good bundle built by {@link BundleBuilder} with its manifest. */
    Path good(Path dir, String version, String arch) {
        Path src = root.resolve("src-" + version + "-" + arch);
        mkdirs(src);
        write(src.resolve("run.sh"), "#!/bin/sh\necho ok\n");
        Path archive = dir.resolve(stem(version, arch) + ".tar.gz");
        String sha = BundleBuilder.build(src, archive, "");
        manifest(archive, version, arch, sha);
        return archive;
    }

    /** A good bundle whose manifest claims another sha256. */
    Path wrongSha(Path dir, String version, String arch) {
        Path a = good(dir, version, arch);
        manifest(a, version, arch, "0".repeat(64));
        return a;
    }

    /** A bundle whose manifest misses its entry command and capabilities. */
    Path incomplete(Path dir, String version, String arch) {
        Path a = good(dir, version, arch);
        new BundleManifest(BUNDLE, version, "linux", arch, BundleVerifier.sha256(a), List.of(), null, List.of()).write(BundleManifest.manifestBeside(a));
        return a;
    }

    /** A crafted archive (correct sha256 in its manifest) holding {@code run.sh} and one evil entry. */
    Path evil(Path dir, String version, String arch, TarArchiveEntry evilEntry) {
        Path archive = dir.resolve(stem(version, arch) + ".tar.gz");
        craft(archive, file("run.sh", "#!/bin/sh\n"), evilEntry);
        manifest(archive, version, arch, BundleVerifier.sha256(archive));
        return archive;
    }

    void executableBuilder() {
        write(builder, "#!/bin/sh\nexit 0\n");
        try {
            Files.setPosixFilePermissions(builder, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void manifest(Path archive, String version, String arch, String sha) {
        new BundleManifest(BUNDLE, version, "linux", arch, sha, List.of("core-to-core-latency"), "sh run.sh \"$OUT\"", List.of("latency.csv"))
                .write(BundleManifest.manifestBeside(archive));
    }

    static TarArchiveEntry file(String name, String content) {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(content.getBytes(StandardCharsets.UTF_8).length);
        e.setMode(0100644);
        return e;
    }

    static TarArchiveEntry symlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
        e.setLinkName(target);
        return e;
    }

    static TarArchiveEntry hardlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK, true);
        e.setLinkName(target);
        return e;
    }

    static TarArchiveEntry special(String name, byte type) {
        return new TarArchiveEntry(name, type, true);
    }

    /** Writes a tar.gz of the entries; file entries get the content {@code x} repeated to their size. */
    static void craft(Path archive, TarArchiveEntry... entries) {
        try (OutputStream o = Files.newOutputStream(archive);
             GzipCompressorOutputStream gz = new GzipCompressorOutputStream(o);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            for (TarArchiveEntry e : entries) {
                tar.putArchiveEntry(e);
                if (e.isFile() && e.getSize() > 0) {
                    tar.write("x".repeat((int) e.getSize()).getBytes(StandardCharsets.UTF_8));
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path p, String s) {
        try {
            Files.writeString(p, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void mkdirs(Path p) {
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
