package org.sth.automation.observe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import org.sth.automation.UsageException;

/**
 * How {@code serve} answers over HTTP: where it binds, whether Camel's developer consoles are exposed, and the bearer
 * token that every state-changing request must carry. Safe by default: loopback, no developer console, and without a
 * token no request can change anything.
 *
 * @param bind address to bind (default 127.0.0.1)
 * @param port port to bind; resolved to a free one when 0
 * @param devConsoles whether Camel's developer consoles ({@code /q/dev/*}, some of which send to endpoints) are served;
 *     only on a loopback bind
 * @param token the bearer token state-changing requests must present, or null: then none is accepted
 */
public record HttpOptions(String bind, int port, boolean devConsoles, String token) {

    /** Environment variable holding the bearer token. */
    public static final String TOKEN_ENV = "STH_HTTP_TOKEN";

    public HttpOptions {
        if (port < 0 || port > 65535) {
            throw new UsageException("--http-port must be 0..65535 (got " + port + ")");
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (token != null && token.length() < 16) {
            throw new UsageException(TOKEN_ENV + " is too short to be a secret (" + token.length()
                    + " characters; fix: use at least 16, e.g. openssl rand -hex 24)");
        }
        if (devConsoles && !isLoopback(bind)) {
            throw new UsageException("--dev-consoles serves Camel's developer consoles, which can send messages to any endpoint; "
                    + "they are served only on a loopback address, not on --http-bind " + bind
                    + " (fix: drop --dev-consoles, or bind 127.0.0.1 and reach it through ssh -L)");
        }
    }

    /** Whether {@code host} resolves to a loopback address. */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * These options with a concrete port: checks that the address can be bound now (a taken port is a start-up error,
     * not a server that silently runs without HTTP) and picks a free port for 0.
     */
    public HttpOptions bound() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(bind), port));
            return new HttpOptions(bind, probe.getLocalPort(), devConsoles, token);
        } catch (IOException e) {
            throw new UsageException("cannot serve HTTP on " + bind + ":" + port + ": " + e.getMessage()
                    + " (fix: choose a free --http-port, or stop what listens there: ss -ltnp 'sport = :" + port + "')");
        }
    }

    /** Whether {@code authorization} (an HTTP Authorization header) carries the token; false when no token is set. */
    public boolean authorizes(String authorization) {
        if (token == null || authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        return java.security.MessageDigest.isEqual(token.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                authorization.substring("Bearer ".length()).strip().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        // never the token itself
        return "HttpOptions[" + bind + ":" + port + ", devConsoles=" + devConsoles + ", token=" + (token == null ? "none" : "set") + "]";
    }
}
