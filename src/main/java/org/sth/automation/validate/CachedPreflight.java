package org.sth.automation.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.sth.automation.host.HostFacts;
import org.sth.automation.io.CorruptFileException;
import org.sth.automation.io.Json;

/**
 * The newest preflight snapshot of a host: {@code host_inventory_snapshot.json} and {@code preflight/summary.json} of its
 * latest run under {@code runs_root} ({@code <date>/<host>/<stamp>}). Dry staging predicts from it instead of assuming
 * an unknown arch and every command present; a command the snapshot's probe did not cover is still assumed, and said.
 *
 * @param runDir    the run the snapshot comes from
 * @param probedAt  when discover probed the host
 * @param facts     arch and package manager as discovered, commands as the preflight probe found them
 * @param missing   commands the probe found missing
 * @param assumed   commands asked for now that the probe did not cover, assumed present
 */
public record CachedPreflight(Path runDir, String probedAt, HostFacts facts, Set<String> missing, Set<String> assumed) {

    /** The newest usable snapshot of {@code host}, for the commands {@code wanted}; empty when there is none. */
    static Optional<CachedPreflight> find(Path runsRoot, String host, Collection<String> wanted) {
        for (Path run : runsOf(runsRoot, host)) {
            Optional<CachedPreflight> c = read(run, wanted);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    /** {@code readiness_basis} of a prediction from this snapshot. */
    String basis() {
        return "cached: preflight snapshot of run " + runDir.getParent().getFileName() + "/" + runDir.getFileName() + " (probed "
                + probedAt + "): arch " + facts.arch() + ", package manager " + (facts.packageManager() == null ? "none" : facts.packageManager())
                + ", host commands as probed then" + (assumed.isEmpty() ? "" : "; not probed then, assumed present: " + String.join(", ", assumed))
                + " (live_check_command checks them on the host)";
    }

    /** {@code snapshot} of a report entry: where the prediction came from. */
    ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("run_dir", runDir.toString());
        n.put("probed_at", probedAt);
        n.put("arch", facts.arch());
        n.put("package_manager", facts.packageManager());
        missing.forEach(n.putArray("missing_commands")::add);
        assumed.forEach(n.putArray("assumed_commands")::add);
        return n;
    }

    private static Optional<CachedPreflight> read(Path run, Collection<String> wanted) {
        ObjectNode inventory = readOrNull(run.resolve("host_inventory_snapshot.json"));
        ObjectNode summary = readOrNull(run.resolve("preflight/summary.json"));
        if (inventory == null || summary == null || !inventory.path("state").asText().startsWith("probed")) {
            return Optional.empty();
        }
        Set<String> have = new TreeSet<>();
        Set<String> missing = new TreeSet<>();
        if (summary.path("commands").isObject()) {
            summary.path("commands").path("have").forEach(c -> have.add(c.asText()));
            summary.path("commands").path("missing").forEach(c -> missing.add(c.asText()));
        } else {
            // a snapshot from before the probe's commands were kept: what readiness found missing, the rest present
            for (JsonNode r : summary.path("readiness")) {
                r.path("missing_required").forEach(c -> missing.add(c.asText()));
                r.path("missing_optional").forEach(c -> missing.add(c.asText()));
            }
        }
        Set<String> assumed = new TreeSet<>();
        for (String c : wanted) {
            if (!missing.contains(c) && !have.contains(c)) {
                assumed.add(c);
            }
        }
        Set<String> available = new TreeSet<>(have);
        available.addAll(assumed);
        available.removeAll(missing);
        String arch = inventory.path("arch").asText(summary.path("arch").asText(null));
        JsonNode pm = inventory.has("package_manager") ? inventory.path("package_manager") : summary.path("package_manager");
        HostFacts facts = new HostFacts(arch, "linux", pm.isTextual() ? pm.asText() : null, available, true);
        return Optional.of(new CachedPreflight(run, inventory.path("probed_at").asText("unknown"), facts, missing, assumed));
    }

    /** The host's run directories, newest first (by date, then stamp). */
    private static List<Path> runsOf(Path runsRoot, String host) {
        if (runsRoot == null || !Files.isDirectory(runsRoot)) {
            return List.of();
        }
        try (Stream<Path> dates = Files.list(runsRoot)) {
            return dates.filter(Files::isDirectory).map(d -> d.resolve(host)).filter(Files::isDirectory).flatMap(CachedPreflight::children)
                    .sorted(Comparator.comparing((Path p) -> p.getParent().getParent().getFileName().toString())
                            .thenComparing(p -> p.getFileName().toString()).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + runsRoot + ": " + e.getMessage(), e);
        }
    }

    private static Stream<Path> children(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode readOrNull(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Json.readObject(file);
        } catch (CorruptFileException e) {
            return null;
        }
    }
}
