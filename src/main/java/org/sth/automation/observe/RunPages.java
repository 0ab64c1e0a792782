package org.sth.automation.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The pages {@code serve} shows people: the list of runs (filter by host, state, request id) and one run (position,
 * per-host phase timeline, alerts, next commands, latency heatmap, the campaign's system-info table). Rendered on the
 * server, so they work without script and offline; {@code /assets/sth.js} only refreshes them in place.
 */
public final class RunPages {

    private final RunsIndex index;

    public RunPages(RunsIndex index) {
        this.index = index;
    }

    /** The runs list. */
    public String list(RunsIndex.Filter filter) {
        List<ObjectNode> runs = index.statuses(filter, 500);
        StringBuilder b = new StringBuilder();
        head(b, "Runs");
        b.append("<form class=\"filters\" method=\"get\" action=\"/\">")
                .append(input("host", "host", filter.host())).append(input("state", "state", filter.state()))
                .append(input("request_id", "request id", filter.requestId()))
                .append("<button type=\"submit\">Filter</button> <a href=\"/\">all</a></form>\n");
        b.append("<main id=\"content\">\n<table class=\"runs\"><thead><tr><th>run</th><th>host</th><th>request</th><th>state</th>")
                .append("<th>phase</th><th>step</th><th>monitoring</th><th>updated</th></tr></thead><tbody>\n");
        for (ObjectNode s : runs) {
            String id = s.path("run_id").asText();
            b.append("<tr class=\"state-").append(Html.escape(s.path("state").asText())).append("\" data-run=\"").append(Html.escape(id))
                    .append("\"><td><a href=\"/runs/").append(url(id)).append("\">").append(Html.escape(id)).append("</a></td><td>")
                    .append(link("host", s.path("host").asText())).append("</td><td>").append(link("request_id", s.path("request_id").asText()))
                    .append("</td><td><span class=\"state\">").append(Html.escape(s.path("state").asText())).append("</span></td><td>")
                    .append(Html.escape(s.path("phase").asText("-"))).append("</td><td>").append(Html.escape(s.path("step").asText("-")))
                    .append("</td><td>").append(Html.escape(s.path("monitoring").path("summary").asText())).append("</td><td>")
                    .append(Html.escape(s.path("updated_at").asText(""))).append("</td></tr>\n");
        }
        if (runs.isEmpty()) {
            b.append("<tr><td colspan=\"8\">No run matches. Drop a request into the inbox (see docs/operations.md).</td></tr>\n");
        }
        b.append("</tbody></table>\n</main>\n");
        return foot(b);
    }

    /** One run's page, or null when the run is unknown. */
    public String run(String runId) {
        ObjectNode s = index.status(runId).orElse(null);
        if (s == null) {
            return null;
        }
        String requestId = s.path("request_id").asText(null);
        List<ObjectNode> campaign = requestId == null ? List.of(s)
                : index.statuses(new RunsIndex.Filter(null, null, requestId, null), 200);
        StringBuilder b = new StringBuilder();
        head(b, "Run " + runId);
        b.append("<p class=\"crumbs\"><a href=\"/\">runs</a> / ");
        if (requestId != null) {
            b.append("<a href=\"/?request_id=").append(url(requestId)).append("\">request ").append(Html.escape(requestId)).append("</a> / ");
        }
        b.append(Html.escape(runId)).append("</p>\n<main id=\"content\">\n");
        b.append("<table class=\"facts\">");
        fact(b, "host", s.path("host").asText());
        fact(b, "state", s.path("state").asText());
        fact(b, "position", "phase " + s.path("phase").asText("-") + ", step " + s.path("step").asText("-"));
        fact(b, "monitoring", s.path("monitoring").path("summary").asText());
        fact(b, "benchmarks", String.join(", ", texts(s.path("benchmarks"))));
        fact(b, "run directory", s.path("run_dir").asText());
        b.append("</table>\n");

        b.append("<h2>Timeline</h2>\n<div class=\"timeline-wrap\">");
        List<TimelineSvg.Lane> lanes = new ArrayList<>();
        for (ObjectNode r : campaign.size() > 1 ? campaign : List.of(s)) {
            lanes.add(new TimelineSvg.Lane(r.path("host").asText(), r.path("run_id").asText(), Timeline.of(Path.of(r.path("run_dir").asText()))));
        }
        b.append(TimelineSvg.render(lanes, Instant.now())).append("</div>\n");
        b.append("<p class=\"legend\"><span class=\"sw completed\"></span>completed <span class=\"sw running\"></span>running ")
                .append("<span class=\"sw failed\"></span>failed / recovery <span class=\"sw interrupted\"></span>interrupted ")
                .append("▼ marks: red failure, purple ceiling, orange interrupt, blue resume; ticks: heartbeats</p>\n");

        b.append("<h2>Alerts</h2>\n");
        JsonNode alerts = s.path("alerts");
        JsonNode primary = alerts.path("primary");
        b.append("<ul class=\"alerts\">");
        boolean any = false;
        if (primary.isObject()) {
            any = true;
            b.append("<li class=\"").append(Html.escape(primary.path("severity").asText())).append("\"><b>")
                    .append(Html.escape(primary.path("kind").asText())).append("</b>: ").append(Html.escape(primary.path("message").asText()))
                    .append("</li>");
        }
        for (JsonNode f : alerts.path("failed_steps")) {
            any = true;
            b.append("<li>step ").append(Html.escape(f.path("adapter").asText())).append(' ').append(Html.escape(f.path("phase").asText()))
                    .append(": ").append(Html.escape(f.path("outcome").asText())).append("</li>");
        }
        for (JsonNode w : alerts.path("warnings")) {
            any = true;
            b.append("<li class=\"warning\">").append(Html.escape(w.path("message").asText())).append("</li>");
        }
        if (!any) {
            b.append("<li class=\"none\">none</li>");
        }
        b.append("</ul>\n<h2>Next</h2>\n<ul class=\"next\">");
        for (JsonNode a : s.path("next_actions")) {
            b.append("<li>").append(Html.escape(a.asText())).append("</li>");
        }
        b.append("</ul>\n<pre class=\"commands\">");
        for (JsonNode c : s.path("next_commands")) {
            b.append("$ ").append(Html.escape(c.asText())).append('\n');
        }
        for (JsonNode c : s.path("next_install_commands")) {
            b.append("# install: ").append(Html.escape(c.asText())).append('\n');
        }
        b.append("</pre>\n");
        IntegrityView.render(b, s);

        for (ObjectNode r : campaign.size() > 1 ? campaign : List.of(s)) {
            Path heatmap = Path.of(r.path("run_dir").asText()).resolve(LATENCY_HEATMAP);
            if (Files.exists(heatmap)) {
                b.append("<h2>Core-to-core latency: ").append(Html.escape(r.path("host").asText())).append("</h2>\n<img class=\"heatmap\" alt=\"")
                        .append("latency heatmap of ").append(Html.escape(r.path("host").asText())).append("\" src=\"/api/runs/")
                        .append(url(r.path("run_id").asText())).append("/latency-heatmap.svg\">\n");
            }
        }

        var table = CampaignTable.of(campaign);
        boolean anySummary = false;
        for (JsonNode h : table) {
            anySummary |= h.hasNonNull("summary_file");
        }
        if (anySummary) {
            b.append("<h2>System info").append(campaign.size() > 1 ? " of the campaign's hosts" : "").append("</h2>\n<table class=\"sysinfo\"><tr><th></th>");
            for (JsonNode h : table) {
                b.append("<th><a href=\"/runs/").append(url(h.path("run_id").asText())).append("\">").append(Html.escape(h.path("host").asText()))
                        .append("</a></th>");
            }
            b.append("</tr>\n");
            for (String[] row : CampaignTable.ROWS) {
                b.append("<tr><th>").append(row[1]).append("</th>");
                for (JsonNode h : table) {
                    String v = h.path(row[0]).asText(null);
                    b.append("<td>");
                    if (v != null) {
                        b.append("<a href=\"/runs/").append(url(h.path("run_id").asText())).append("\">").append(Html.escape(v)).append("</a>");
                    } else {
                        b.append("<span class=\"unknown\">").append(Html.escape(h.path("missing").asText("unknown"))).append("</span>");
                    }
                    b.append("</td>");
                }
                b.append("</tr>\n");
            }
            b.append("</table>\n");
        }
        b.append("</main>\n");
        return foot(b);
    }

    /** Where the latency adapter writes its heatmap, relative to the run directory. */
    public static final String LATENCY_HEATMAP = "benchmarks/latency/latency_heatmap.svg";

    private static void head(StringBuilder b, String title) {
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(Html.escape(title))
                .append(" · sth-bench-automation</title><meta name=\"viewport\" content=\"width=device-width\">")
                .append("<link rel=\"stylesheet\" href=\"/assets/sth.css\"><script defer src=\"/assets/sth.js\"></script></head>\n")
                .append("<body><header><a class=\"brand\" href=\"/\">sth-bench-automation</a> <span id=\"live\" class=\"live\">")
                .append("rendered ").append(Instant.now().toString(), 0, 19).append("Z</span></header>\n<h1>").append(Html.escape(title))
                .append("</h1>\n");
    }

    private static String foot(StringBuilder b) {
        b.append("<footer>JSON for agents: <a href=\"/api/runs\">/api/runs</a> · health <a href=\"/observe/health\">/observe/health</a>")
                .append(" · metrics <a href=\"/observe/metrics\">/observe/metrics</a></footer>\n</body></html>\n");
        return b.toString();
    }

    private static void fact(StringBuilder b, String k, String v) {
        b.append("<tr><th>").append(Html.escape(k)).append("</th><td>").append(Html.escape(v)).append("</td></tr>");
    }

    private static String input(String name, String label, String value) {
        return "<label>" + label + " <input name=\"" + name + "\" value=\"" + Html.escape(value == null ? "" : value) + "\"></label> ";
    }

    private static String link(String param, String value) {
        if (value == null || value.isEmpty() || value.equals("null")) {
            return "-";
        }
        return "<a href=\"/?" + param + "=" + url(value) + "\">" + Html.escape(value) + "</a>";
    }

    static String url(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
