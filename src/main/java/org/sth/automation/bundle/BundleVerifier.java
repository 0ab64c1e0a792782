package org.sth.automation.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.sth.automation.host.Arch;
import org.sth.automation.host.HostFacts;

/** Checks a bundle on the controller before it is staged: manifest complete, os/arch/capabilities fit, sha256 matches, archive safe. */
public final class BundleVerifier {

    private BundleVerifier() {
    }

    /** Hex sha256 of a file. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Why the bundle must not be used on this host, or empty when it may. Cheap checks come first,
     * so a bundle for another arch is refused without hashing it.
     */
    public static Optional<String> problem(Path archive, BundleManifest m, HostFacts host, List<String> requiredCapabilities) {
        List<String> missing = m.missingFields();
        if (!missing.isEmpty()) {
            return Optional.of("manifest incomplete: missing " + String.join(", ", missing));
        }
        if (!m.os().equalsIgnoreCase(host.os())) {
            return Optional.of("built for os " + m.os() + ", host is " + host.os());
        }
        if (!Arch.UNKNOWN.equals(host.arch()) && !Arch.runsOn(m.arch(), host.arch())) {
            return Optional.of("built for arch " + m.arch() + ", host is " + host.arch());
        }
        List<String> lacking = new ArrayList<>(requiredCapabilities);
        lacking.removeAll(m.capabilities());
        if (!lacking.isEmpty()) {
            return Optional.of("lacks required capabilities: " + String.join(", ", lacking));
        }
        if (!Files.isRegularFile(archive)) {
            return Optional.of("archive " + archive.getFileName() + " not found beside its manifest");
        }
        String actual = sha256(archive);
        if (!actual.equals(m.sha256())) {
            return Optional.of("sha256 mismatch: manifest says " + m.sha256() + ", archive is " + actual);
        }
        try {
            SafeTarReader.list(archive);
        } catch (UnsafeArchiveException e) {
            return Optional.of("unsafe archive: " + (e.entry() == null ? "" : "entry '" + e.entry() + "' ") + e.reason());
        }
        return Optional.empty();
    }
}
