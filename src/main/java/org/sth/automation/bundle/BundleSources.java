package org.sth.automation.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.sth.automation.host.Arch;

/**
 * The places a bundle may come from, on the controller; {@link #candidates} lists them for one
 * adapter in precedence order. Any location may be null (not configured).
 *
 * @param configured    adapter name to a configured bundle (a {@code .tar.gz} with its manifest beside it, or a dir of bundles)
 * @param cacheDir      the captured cache ({@code [paths] bundle_cache_dir})
 * @param localDistDir  a local dist dir with built bundles
 * @param localBuilders adapter name to a controller-side script that builds its bundle
 * @param repoDir       the controller repository's fallback bundle dir
 */
public record BundleSources(Map<String, Path> configured, Path cacheDir, Path localDistDir, Map<String, Path> localBuilders, Path repoDir) {

    /**
     * One place to try.
     *
     * @param basis    which precedence level it belongs to
     * @param location what to show an operator (a path, or a description for host-side fallbacks)
     * @param archive  the tar.gz for bundle candidates, the script for {@code local_builder}, null otherwise
     */
    public record Candidate(Basis basis, String location, Path archive) {
    }

    public BundleSources {
        configured = configured == null ? Map.of() : Map.copyOf(configured);
        localBuilders = localBuilders == null ? Map.of() : Map.copyOf(localBuilders);
    }

    /** Only the captured cache, e.g. for {@code validate --scope staging} with a default config. */
    public static BundleSources cacheOnly(Path cacheDir) {
        return new BundleSources(Map.of(), cacheDir, null, Map.of(), null);
    }

    /** Every candidate for the adapter, in precedence order; empty when it needs no bundle. */
    public List<Candidate> candidates(Needs spec) {
        Packaging p = spec.packaging();
        List<Candidate> out = new ArrayList<>();
        if (!p.needsBundle()) {
            return out;
        }
        Path conf = configured.get(spec.benchmark());
        if (conf != null) {
            if (Files.isDirectory(conf)) {
                out.addAll(scan(Basis.CONFIGURED_BUNDLE, conf, p.bundleName()));
            } else {
                out.add(new Candidate(Basis.CONFIGURED_BUNDLE, conf.toString(), conf));
            }
        }
        out.addAll(scan(Basis.CAPTURED_CACHE, cacheDir, p.bundleName()));
        out.addAll(scan(Basis.LOCAL_DIST, localDistDir, p.bundleName()));
        Path builder = localBuilders.get(spec.benchmark());
        if (builder != null) {
            out.add(new Candidate(Basis.LOCAL_BUILDER, builder.toString(), builder));
        }
        out.addAll(scan(Basis.REPO_FALLBACK, repoDir, p.bundleName()));
        if (!p.runnerCommands().isEmpty()) {
            out.add(new Candidate(Basis.RUNNER_FALLBACK, "host PATH: " + String.join(", ", p.runnerCommands()), null));
        }
        if (p.sourceBuildCommand() != null) {
            out.add(new Candidate(Basis.SOURCE_BUILD, "on host: " + p.sourceBuildCommand()
                    + (p.sourceFromController() && repoDir != null ? " (source tree " + repoDir + ")" : ""), null));
        }
        return out;
    }

    /**
     * The archives in a dir that belong to the bundle ({@code <bundleName>-<version>-<os>-<arch>.tar.gz},
     * plus manifests without an archive), newest version first, exact arch before {@code any}.
     */
    static List<Candidate> scan(Basis basis, Path dir, String bundleName) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        String prefix = bundleName + "-";
        List<String> stems = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(f -> f.getFileName().toString()).forEach(f -> {
                String stem = f.endsWith(BundleManifest.ARCHIVE_SUFFIX) ? f.substring(0, f.length() - BundleManifest.ARCHIVE_SUFFIX.length())
                        : f.endsWith(BundleManifest.MANIFEST_SUFFIX) ? f.substring(0, f.length() - BundleManifest.MANIFEST_SUFFIX.length()) : null;
                // Three dashes after the name: version-os-arch; a longer bundle name sharing the prefix does not match.
                if (stem != null && stem.startsWith(prefix) && stem.substring(prefix.length()).split("-").length == 3 && !stems.contains(stem)) {
                    stems.add(stem);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
        stems.sort(Comparator.comparing((String st) -> st.substring(prefix.length()).split("-")[0], BundleSources::compareVersions).reversed()
                .thenComparing(st -> st.endsWith("-" + Arch.ANY))
                .thenComparing(Comparator.naturalOrder()));
        List<Candidate> out = new ArrayList<>();
        for (String st : stems) {
            Path archive = dir.resolve(st + BundleManifest.ARCHIVE_SUFFIX);
            out.add(new Candidate(basis, archive.toString(), archive));
        }
        return out;
    }

    /** Dotted versions compared number by number ({@code 1.10 > 1.9}); non-numeric parts as text. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[.+_]");
        String[] y = b.split("[.+_]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c = p.matches("\\d{1,9}") && q.matches("\\d{1,9}") ? Integer.compare(Integer.parseInt(p), Integer.parseInt(q)) : p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
