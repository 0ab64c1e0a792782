package org.sth.automation.observe;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.sth.automation.run.JsonlLedger;
import org.sth.automation.run.status.IntegritySummary;

/**
 * The run page's "Measurement integrity" section: each benchmark's verdicts (quiet host, repetitions, publish refused)
 * and its quiet-host samples as they are taken ({@code benchmarks/<name>/quiet_host.jsonl}), the latest last.
 */
final class IntegrityView {

    /** The most samples shown per benchmark (the file keeps them all). */
    static final int MAX_ROWS = 60;

    private IntegrityView() {
    }

    static void render(StringBuilder b, JsonNode status) {
        Path dir = Path.of(status.path("run_dir").asText()).resolve("benchmarks");
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.map(p -> p.resolve("quiet_host.jsonl")).filter(Files::isRegularFile).sorted().forEach(files::add);
            } catch (java.io.IOException e) {
                // a run directory being written or removed: the verdicts below still show
            }
        }
        List<String> lines = IntegritySummary.lines(status);
        if (lines.isEmpty() && files.isEmpty()) {
            return;
        }
        b.append("<h2>Measurement integrity</h2>\n<ul class=\"integrity\">");
        lines.forEach(l -> b.append("<li>").append(Html.escape(l)).append("</li>"));
        b.append("</ul>\n");
        for (Path f : files) {
            List<com.fasterxml.jackson.databind.node.ObjectNode> rows = JsonlLedger.read(f).records();
            b.append("<h3>Quiet-host samples: ").append(Html.escape(f.getParent().getFileName().toString())).append("</h3>\n")
                    .append("<table class=\"samples\"><tr><th>moment</th><th>at</th><th>verdict</th><th>not this run (% of a CPU)</th>")
                    .append("<th>top offenders</th><th>this run (affinity)</th><th>memory free</th><th>governors</th><th>boost</th>")
                    .append("<th>throttle</th><th>sessions</th><th>unknown</th></tr>\n");
            for (JsonNode r : rows.subList(Math.max(0, rows.size() - MAX_ROWS), rows.size())) {
                List<String> top = new ArrayList<>();
                r.path("offenders").forEach(p -> top.add(p.path("name").asText() + " " + p.path("cpu_percent").asText() + "%"));
                List<String> own = new ArrayList<>();
                r.path("run_processes").forEach(p -> own.add(p.path("name").asText() + " " + p.path("cpu_percent").asText() + "% ("
                        + p.path("affinity").asText("?") + ")"));
                List<String> unknown = new ArrayList<>();
                r.path("unknown").fieldNames().forEachRemaining(unknown::add);
                b.append("<tr class=\"verdict-").append(Html.escape(r.path("verdict").asText())).append("\">");
                cell(b, r.path("moment").asText());
                cell(b, r.path("at").asText());
                cell(b, r.path("verdict").asText());
                cell(b, r.path("foreign_cpu_percent").asText("?"));
                cell(b, String.join(", ", top));
                cell(b, String.join(", ", own));
                cell(b, r.path("memory").path("available_percent").asText("?") + "%");
                cell(b, r.path("governors").toString());
                cell(b, r.path("boost").asText("?"));
                cell(b, r.path("thermal").path("core_throttle_count").asText("?") + "/" + r.path("thermal").path("package_throttle_count").asText("?"));
                cell(b, r.path("sessions").isArray() ? Integer.toString(r.path("sessions").size()) : "?");
                cell(b, String.join(", ", unknown));
                b.append("</tr>\n");
            }
            b.append("</table>\n");
        }
    }

    private static void cell(StringBuilder b, String text) {
        b.append("<td>").append(Html.escape(text)).append("</td>");
    }
}
