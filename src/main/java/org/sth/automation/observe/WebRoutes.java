package org.sth.automation.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.sth.automation.io.Json;

/**
 * What {@code serve} answers over HTTP besides Camel's health ({@code /observe/health}) and metrics
 * ({@code /observe/metrics}): the run pages for people and the JSON endpoints for agents. Everything here reads,
 * except {@code POST /api/recovery/replay}, which needs the bearer token ({@link HttpOptions#TOKEN_ENV}); without a token
 * configured it is refused. {@link HttpGuard} checks Host, Origin and the token before any of these routes runs; the
 * replay route checks the token again, from the request's own header. Route ids {@code http-*}.
 */
public final class WebRoutes extends RouteBuilder {

    /** Static assets served from the classpath {@code web/}, by name (nothing else is served from there). */
    static final Map<String, String> ASSETS = Map.of("sth.css", "text/css; charset=utf-8", "sth.js", "text/javascript; charset=utf-8");

    private final RunsIndex index;
    private final RunPages pages;
    private final RecoveryOperations recovery;
    private final HttpOptions http;

    public WebRoutes(RunsIndex index, RecoveryOperations recovery, HttpOptions http) {
        this.index = index;
        this.pages = new RunPages(index);
        this.recovery = recovery;
        this.http = http;
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(e -> {
            Throwable cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            clearHeaders(e);
            json(e, 500, AgentResult.error("http", AgentResult.ErrorKind.FAILED, cause == null ? "error" : cause.getClass().getSimpleName() + ": " + cause.getMessage()));
        });
        get("/", "http-page-runs", e -> html(e, 200, pages.list(filter(query(e)))));
        get("/runs/{id}", "http-page-run", e -> {
            String page = pages.run(param(e, "id"));
            html(e, page == null ? 404 : 200, page == null ? "<!DOCTYPE html><p>No run " + Html.escape(param(e, "id"))
                    + " is known here. <a href=\"/\">All runs</a></p>" : page);
        });
        get("/assets/{name}", "http-assets", e -> {
            String name = param(e, "name");
            String type = ASSETS.get(name);
            byte[] body = type == null ? null : resource("web/" + name);
            reply(e, body == null ? 404 : 200, body == null ? "text/plain" : type, body == null ? "not found".getBytes(StandardCharsets.UTF_8) : body);
        });
        get("/api/runs", "http-api-runs", e -> {
            Map<String, String> q = query(e);
            ObjectNode r = AgentResult.of("runs", 0);
            var runs = r.putArray("runs");
            index.statuses(filter(q), limit(q)).forEach(s -> runs.add(AgentResult.run(s)));
            json(e, 200, r);
        });
        get("/api/runs/{id}", "http-api-run", e -> {
            Optional<ObjectNode> s = index.status(param(e, "id"));
            json(e, s.isPresent() ? 200 : 404, s.isPresent() ? s.get()
                    : AgentResult.error("runs", AgentResult.ErrorKind.NOT_FOUND, "no run " + param(e, "id") + " is known here"));
        });
        get("/api/runs/{id}/timeline.svg", "http-api-timeline", e -> {
            Optional<RunsIndex.Known> k = index.find(param(e, "id"));
            if (k.isEmpty()) {
                reply(e, 404, "text/plain", ("no run " + param(e, "id")).getBytes(StandardCharsets.UTF_8));
                return;
            }
            String svg = TimelineSvg.render(List.of(new TimelineSvg.Lane(k.get().host(), k.get().runId(), Timeline.of(k.get().runDir()))),
                    Instant.now());
            reply(e, 200, "image/svg+xml; charset=utf-8", svg.getBytes(StandardCharsets.UTF_8));
        });
        get("/api/runs/{id}/latency-heatmap.svg", "http-api-heatmap", e -> {
            Optional<RunsIndex.Known> k = index.find(param(e, "id"));
            Path svg = k.map(x -> x.runDir().resolve(RunPages.LATENCY_HEATMAP)).orElse(null);
            if (svg == null || !Files.exists(svg)) {
                reply(e, 404, "text/plain", "no latency heatmap for this run".getBytes(StandardCharsets.UTF_8));
                return;
            }
            reply(e, 200, "image/svg+xml; charset=utf-8", Files.readAllBytes(svg));
        });
        get("/api/requests/{rid}", "http-api-request", e -> {
            String rid = param(e, "rid");
            List<ObjectNode> runs = index.statuses(new RunsIndex.Filter(null, null, rid, null), 1000);
            ObjectNode r = runs.isEmpty() ? AgentResult.error("request", AgentResult.ErrorKind.NOT_FOUND, "no run of request " + rid + " is known here")
                    : AgentResult.of("request", 0);
            var list = r.putArray("runs");
            runs.forEach(s -> list.add(AgentResult.run(s)));
            r.set("system_info", CampaignTable.of(runs));
            json(e, runs.isEmpty() ? 404 : 200, r);
        });
        get("/api/recovery", "http-api-recovery", e -> {
            if (recovery == null) {
                json(e, 404, AgentResult.error("replay-list", AgentResult.ErrorKind.NOT_FOUND, "no recovery queue in this controller"));
                return;
            }
            json(e, 200, recovery.list());
        });
        from("platform-http:/api/recovery/replay?httpMethodRestrict=POST").routeId("http-api-replay").process(e -> {
            // the request's own headers: Camel also maps query parameters to headers (?Authorization=…, ?Content-Type=…)
            String auth = requestHeader(e, "Authorization");
            String contentType = requestHeader(e, "Content-Type");
            String body = e.getMessage().getBody(String.class);
            clearHeaders(e);
            if (http.token() == null) {
                json(e, 403, AgentResult.error("replay", AgentResult.ErrorKind.USAGE, "state-changing requests are off: this controller was started "
                        + "without " + HttpOptions.TOKEN_ENV + " (fix: restart serve with it set, and send Authorization: Bearer <token>)"));
                return;
            }
            if (!http.authorizes(auth)) {
                e.getMessage().setHeader("WWW-Authenticate", "Bearer");
                json(e, 401, AgentResult.error("replay", AgentResult.ErrorKind.USAGE, "missing or wrong bearer token (send Authorization: Bearer <"
                        + HttpOptions.TOKEN_ENV + ">)"));
                return;
            }
            if (recovery == null) {
                json(e, 404, AgentResult.error("replay", AgentResult.ErrorKind.NOT_FOUND, "no recovery queue in this controller"));
                return;
            }
            if (contentType == null || !contentType.startsWith("application/json")) {
                json(e, 415, AgentResult.error("replay", AgentResult.ErrorKind.USAGE, "send the body as Content-Type: application/json (got "
                        + contentType + ")"));
                return;
            }
            JsonNode req;
            try {
                req = body == null || body.isBlank() ? Json.object() : Json.parse(body);
            } catch (IllegalArgumentException bad) {
                json(e, 400, AgentResult.error("replay", AgentResult.ErrorKind.USAGE, "the body is not JSON: " + bad.getMessage()
                        + " (send {\"id\": \"<phase>/<name>\"} or {\"phase\": \"<phase>\", \"all\": true})"));
                return;
            }
            ObjectNode result;
            if (req.path("all").asBoolean(false) && req.hasNonNull("phase")) {
                result = recovery.replayAll(req.path("phase").asText());
            } else if (req.hasNonNull("id")) {
                result = recovery.replay(req.path("id").asText());
            } else {
                json(e, 400, AgentResult.error("replay", AgentResult.ErrorKind.USAGE, "send {\"id\": \"<phase>/<name>\"} or {\"phase\": \"<phase>\", \"all\": true}"));
                return;
            }
            json(e, result.path("exit_code").asInt() == 0 ? 200 : result.path("exit_code").asInt() == 2 ? 400 : 409, result);
        });
    }

    private void get(String path, String id, org.apache.camel.Processor p) {
        from("platform-http:" + path + "?httpMethodRestrict=GET").routeId(id).process(e -> {
            Map<String, String> q = query(e);
            Map<String, String> params = new HashMap<>();
            for (String name : new String[] {"id", "name", "rid"}) {
                String v = e.getMessage().getHeader(name, String.class);
                if (v != null && path.contains("{" + name + "}")) {
                    params.put(name, v);
                }
            }
            clearHeaders(e);
            e.setProperty("sthQuery", q);
            e.setProperty("sthParams", params);
            p.process(e);
        });
    }

    /** A header the client sent (never a query parameter Camel mapped to a header of the same name); null when absent. */
    private static String requestHeader(Exchange e, String name) {
        return e.getMessage() instanceof HttpMessage m && m.getRequest() != null ? m.getRequest().getHeader(name) : null;
    }

    /** Request headers would be echoed as response headers (the Authorization header among them): none is kept. */
    private static void clearHeaders(Exchange e) {
        String query = e.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        e.getMessage().removeHeaders("*");
        if (query != null && e.getProperty("sthRawQuery") == null) {
            e.setProperty("sthRawQuery", query);
        }
    }

    @SuppressWarnings("unchecked")
    private static String param(Exchange e, String name) {
        return ((Map<String, String>) e.getProperty("sthParams", Map.class)).get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> query(Exchange e) {
        Map<String, String> parsed = e.getProperty("sthQuery", Map.class);
        if (parsed != null) {
            return parsed;
        }
        String raw = e.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static RunsIndex.Filter filter(Map<String, String> q) {
        return new RunsIndex.Filter(blank(q.get("host")), blank(q.get("state")), blank(q.get("request_id")), blank(q.get("run_id")));
    }

    private static int limit(Map<String, String> q) {
        try {
            return Math.max(1, Math.min(10_000, Integer.parseInt(q.getOrDefault("limit", "500"))));
        } catch (NumberFormatException e) {
            return 500;
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static void html(Exchange e, int code, String page) {
        reply(e, code, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    private static void json(Exchange e, int code, JsonNode body) {
        reply(e, code, "application/json", Json.pretty(body));
    }

    /** Code, type and body; the security headers (no-store, CSP, nosniff, …) are {@link HttpGuard}'s, on every answer. */
    private static void reply(Exchange e, int code, String type, byte[] body) {
        var m = e.getMessage();
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, code);
        m.setHeader(Exchange.CONTENT_TYPE, type);
        m.setBody(body);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WebRoutes.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
