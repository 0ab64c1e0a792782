package org.sth.automation.observe;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import java.util.List;
import org.sth.automation.io.Json;

/**
 * The first handler of every request {@code serve} answers over HTTP, ahead of Camel's body handler and of every route
 * (the pages, {@code /api/}, health, metrics, developer consoles): what it refuses is refused before a byte of the body
 * is read. In order:
 * <ol>
 *   <li>{@code Host} must name this controller ({@link HttpOptions#allowsHost}): a DNS-rebinding page names its own
 *       site and gets 403;</li>
 *   <li>anything but a plain read ({@code GET}/{@code HEAD}) must come from no browser page or from this controller's
 *       own pages ({@code Origin}, {@code Sec-Fetch-Site}), else 403;</li>
 *   <li>anything but a plain read of the pages, {@code /api/}, {@code /assets/} and {@code /observe/} (so every
 *       state-changing request and the developer consoles) needs the bearer token in the {@code Authorization} header
 *       (never from the query): 403 when this controller has none, 401 when it is missing or wrong.</li>
 * </ol>
 * Every answer, refused or not, carries the security headers ({@code Cache-Control: no-store}, a CSP, no framing, no
 * sniffing, no cross-origin embedding), set here because Camel's HTTP header filter drops {@code Cache-Control} from a
 * route's reply. It is installed as Camel's HTTP authentication handler for {@code /*} ({@link GuardedHttpServerFactory}),
 * the one hook platform-http offers that runs before the body handler.
 */
public final class HttpGuard implements AuthenticationHandler {

    /** Paths a plain read may reach without the token (besides {@code /} itself). */
    static final List<String> READ_PREFIXES = List.of("/runs/", "/assets/", "/api/", "/observe/");

    /** The policy of every answer: the pages load their own script and style only, and nobody frames them. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final HttpOptions http;

    public HttpGuard(HttpOptions http) {
        this.http = http;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        ctx.addHeadersEndHandler(v -> securityHeaders(ctx.response()));
        String host = authority(req);
        if (!http.allowsHost(host)) {
            refuse(ctx, 403, "Host '" + (host == null ? "" : host) + "' is not a name this controller answers to (it answers to "
                    + String.join(", ", http.hostNames()) + "; fix: use one of them, or start serve with --http-allowed-host <name>)");
            return;
        }
        boolean read = req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD;
        if (!read && (!HttpOptions.sameOrigin(req.getHeader(HttpHeaders.ORIGIN), host)
                || "cross-site".equalsIgnoreCase(req.getHeader("Sec-Fetch-Site")))) {
            refuse(ctx, 403, "a request that changes state must come from this controller's own pages or from no browser page "
                    + "(Origin '" + req.getHeader(HttpHeaders.ORIGIN) + "' is another site)");
            return;
        }
        if (!read || !plainReadPath(ctx.normalizedPath())) {
            if (http.token() == null) {
                refuse(ctx, 403, "state-changing requests and the developer consoles are off: this controller was started without "
                        + HttpOptions.TOKEN_ENV + " (fix: restart serve with it set, and send Authorization: Bearer <token>)");
                return;
            }
            if (!http.authorizes(req.getHeader(HttpHeaders.AUTHORIZATION))) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer");
                refuse(ctx, 401, "missing or wrong bearer token (send the header Authorization: Bearer <" + HttpOptions.TOKEN_ENV
                        + ">; a token in the query is not read)");
                return;
            }
        }
        ctx.next();
    }

    /**
     * The authority the client addressed, as a Host header spells it: HTTP/1's {@code Host}, or HTTP/2's
     * {@code :authority} (Java's HTTP client upgrades to h2c); never a proxy's {@code X-Forwarded-Host}. Null when absent.
     */
    private static String authority(HttpServerRequest req) {
        HostAndPort a = req.authority();
        if (a == null || a.host() == null) {
            return null;
        }
        String host = a.host().contains(":") && !a.host().startsWith("[") ? "[" + a.host() + "]" : a.host();
        return a.port() >= 0 ? host + ":" + a.port() : host;
    }

    static boolean plainReadPath(String path) {
        if (path == null) {
            return false;
        }
        return path.equals("/") || READ_PREFIXES.stream().anyMatch(path::startsWith);
    }

    private static void securityHeaders(HttpServerResponse r) {
        r.headers().set(HttpHeaders.CACHE_CONTROL, "no-store");
        r.headers().set("X-Content-Type-Options", "nosniff");
        r.headers().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        r.headers().set("X-Frame-Options", "DENY");
        r.headers().set("Referrer-Policy", "no-referrer");
        r.headers().set("Cross-Origin-Resource-Policy", "same-origin");
        r.headers().set("Cross-Origin-Opener-Policy", "same-origin");
    }

    /**
     * Answers {@code code} with an agent error document, without reading the body into memory: a body up to
     * {@link HttpOptions#MAX_BODY} is dropped as it arrives (so the client, which may still be sending it, gets the answer
     * rather than a reset connection); a larger or unbounded one is not read at all, and the connection closes once the
     * answer is written.
     */
    private static void refuse(RoutingContext ctx, int code, String message) {
        HttpServerRequest req = ctx.request();
        HttpServerResponse res = ctx.response();
        long length = req.isEnded() ? 0 : declaredLength(req);
        boolean close = length < 0 || length > HttpOptions.MAX_BODY;
        if (close) {
            res.putHeader(HttpHeaders.CONNECTION, "close");
        } else if (length > 0) {
            req.handler(dropped -> { });
            req.resume();
        }
        res.setStatusCode(code).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        byte[] body = Json.pretty(AgentResult.error("http", AgentResult.ErrorKind.USAGE, message));
        (req.method() == HttpMethod.HEAD ? res.end() : res.end(Buffer.buffer(body))).onComplete(done -> {
            if (close) {
                req.connection().close();
            }
        });
    }

    /** The body's declared length: 0 without one, -1 when it is unbounded (chunked) or the length is not a number. */
    private static long declaredLength(HttpServerRequest req) {
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return req.getHeader(HttpHeaders.TRANSFER_ENCODING) == null ? 0 : -1;
        }
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return "HttpGuard[" + http + "]";
    }
}
