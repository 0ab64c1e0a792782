package org.sth.automation.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sth.automation.host.Arch;
import org.sth.automation.io.Json;

/**
 * What a bundle archive is: the {@code <name>-<version>-<os>-<arch>.manifest.json} beside
 * {@code <name>-<version>-<os>-<arch>.tar.gz} (format in docs/bundles.md).
 *
 * @param name          bundle name, e.g. {@code latency-wrapper}
 * @param version       bundle version, e.g. {@code 1.0.0}
 * @param os            {@code linux}
 * @param arch          normalized architecture or {@code any}
 * @param sha256        hex sha256 of the tar.gz
 * @param capabilities  what the bundle can do, matched against an adapter's required capabilities
 * @param entryCommand  command run from the extraction dir, e.g. {@code sh run.sh "$OUT"}
 * @param resultFiles   files (relative to the output dir) a complete result contains
 * @param requiresOnHost commands the bundle drives but does not ship (a wrapper, e.g. {@code core-to-core-latency});
 *                       the resolver refuses it on a host without them. Written only when not empty.
 */
public record BundleManifest(
        String name,
        String version,
        String os,
        String arch,
        String sha256,
        List<String> capabilities,
        String entryCommand,
        List<String> resultFiles,
        List<String> requiresOnHost) {

    /** Schema version of the manifest file. */
    public static final int SCHEMA_VERSION = 1;

    /** File name suffix of a bundle archive. */
    public static final String ARCHIVE_SUFFIX = ".tar.gz";

    /** File name suffix of a bundle manifest. */
    public static final String MANIFEST_SUFFIX = ".manifest.json";

    public BundleManifest {
        arch = arch == null || arch.isBlank() ? null : Arch.normalize(arch);
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        resultFiles = resultFiles == null ? List.of() : List.copyOf(resultFiles);
        requiresOnHost = requiresOnHost == null ? List.of() : List.copyOf(requiresOnHost);
    }

    /** A bundle that ships everything it runs. */
    public BundleManifest(String name, String version, String os, String arch, String sha256, List<String> capabilities,
            String entryCommand, List<String> resultFiles) {
        this(name, version, os, arch, sha256, capabilities, entryCommand, resultFiles, List.of());
    }

    /** {@code <name>-<version>-<os>-<arch>}, the stem of both file names. */
    public String stem() {
        return name + "-" + version + "-" + os + "-" + arch;
    }

    public String archiveFileName() {
        return stem() + ARCHIVE_SUFFIX;
    }

    public String manifestFileName() {
        return stem() + MANIFEST_SUFFIX;
    }

    /** Names of required fields that are missing or blank; empty when the manifest is complete. */
    public List<String> missingFields() {
        List<String> missing = new ArrayList<>();
        check(missing, "name", name);
        check(missing, "version", version);
        check(missing, "os", os);
        check(missing, "arch", arch);
        check(missing, "sha256", sha256);
        check(missing, "entry_command", entryCommand);
        if (capabilities.isEmpty()) {
            missing.add("capabilities");
        }
        if (sha256 != null && !sha256.isBlank() && !sha256.matches("[0-9a-f]{64}")) {
            missing.add("sha256 (not 64 lowercase hex digits)");
        }
        return missing;
    }

    private static void check(List<String> missing, String key, String value) {
        if (value == null || value.isBlank()) {
            missing.add(key);
        }
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("schema_version", SCHEMA_VERSION);
        n.put("name", name);
        n.put("version", version);
        n.put("os", os);
        n.put("arch", arch);
        n.put("sha256", sha256);
        capabilities.forEach(n.putArray("capabilities")::add);
        n.put("entry_command", entryCommand);
        resultFiles.forEach(n.putArray("result_files")::add);
        if (!requiresOnHost.isEmpty()) {
            requiresOnHost.forEach(n.putArray("requires_on_host")::add);
        }
        return n;
    }

    public static BundleManifest fromJson(JsonNode n) {
        return new BundleManifest(text(n, "name"), text(n, "version"), text(n, "os"), text(n, "arch"), text(n, "sha256"),
                strings(n.path("capabilities")), text(n, "entry_command"), strings(n.path("result_files")),
                strings(n.path("requires_on_host")));
    }

    /** Reads a manifest file; a malformed file raises {@link org.sth.automation.AutomationException} naming it. */
    public static BundleManifest read(Path file) {
        return fromJson(Json.read(file));
    }

    public void write(Path file) {
        Json.writeAtomically(file, toJson());
    }

    /** The manifest path beside an archive ({@code x.tar.gz} to {@code x.manifest.json}). */
    public static Path manifestBeside(Path archive) {
        String f = archive.getFileName().toString();
        String stem = f.endsWith(ARCHIVE_SUFFIX) ? f.substring(0, f.length() - ARCHIVE_SUFFIX.length()) : f;
        return archive.resolveSibling(stem + MANIFEST_SUFFIX);
    }

    /** The archive path beside a manifest. */
    public static Path archiveBeside(Path manifest) {
        String f = manifest.getFileName().toString();
        String stem = f.endsWith(MANIFEST_SUFFIX) ? f.substring(0, f.length() - MANIFEST_SUFFIX.length()) : f;
        return manifest.resolveSibling(stem + ARCHIVE_SUFFIX);
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.path(key);
        return v.isTextual() ? v.asText() : null;
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(x -> out.add(x.asText()));
        return out;
    }
}
