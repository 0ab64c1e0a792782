package org.sth.automation.observe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.sth.automation.UsageException;

/**
 * How {@code serve} answers over HTTP: where it binds, the names it answers to, whether Camel's developer consoles are
 * exposed, and the bearer token that every state-changing request must carry. Safe by default: loopback, no developer
 * console, and without a token no request can change anything.
 *
 * @param bind address to bind (default 127.0.0.1)
 * @param port port to bind; resolved to a free one when 0
 * @param devConsoles whether Camel's read-only developer consoles ({@code /q/dev/*}) are served; only on a loopback bind
 * @param token the bearer token state-changing requests must present, or null: then none is accepted
 * @param allowedHosts host names (or addresses) besides the bound address that requests may name in {@code Host}
 *     ({@code --http-allowed-host}: the name of this machine when it is reached through one)
 */
public record HttpOptions(String bind, int port, boolean devConsoles, String token, List<String> allowedHosts) {

    /** Environment variable holding the bearer token. */
    public static final String TOKEN_ENV = "STH_HTTP_TOKEN";

    /**
     * The largest request body the server reads (bytes): the one endpoint that takes a body ({@code POST
     * /api/recovery/replay}) needs a few dozen.
     */
    public static final long MAX_BODY = 4096;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})?|\\[?[0-9A-Fa-f:.]+\\]?");

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
            throw new UsageException("--dev-consoles serves Camel's developer consoles; they are served only on a loopback address, "
                    + "not on --http-bind " + bind + " (fix: drop --dev-consoles, or bind 127.0.0.1 and reach it through ssh -L)");
        }
        List<String> names = new ArrayList<>();
        for (String n : allowedHosts == null ? List.<String>of() : allowedHosts) {
            for (String one : n.split(",")) {
                String name = one.strip();
                if (name.isEmpty()) {
                    continue;
                }
                if (!NAME.matcher(name).matches()) {
                    throw new UsageException("--http-allowed-host " + name + ": not a host name or address (fix: a name such as "
                            + "controller.lab.example or an address such as 192.0.2.10, without scheme, port or path)");
                }
                names.add(name);
            }
        }
        allowedHosts = List.copyOf(names);
    }

    /** Options with no extra host names: the bound address (and, on loopback, {@code localhost}) only. */
    public HttpOptions(String bind, int port, boolean devConsoles, String token) {
        this(bind, port, devConsoles, token, List.of());
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
            return new HttpOptions(bind, probe.getLocalPort(), devConsoles, token, allowedHosts);
        } catch (IOException e) {
            throw new UsageException("cannot serve HTTP on " + bind + ":" + port + ": " + e.getMessage()
                    + " (fix: choose a free --http-port, or stop what listens there: ss -ltnp 'sport = :" + port + "')");
        }
    }

    /**
     * The host names a request may name in its {@code Host} header: the bound address (unless it is a wildcard), the
     * loopback names when the bind is loopback or a wildcard, and the operator's {@link #allowedHosts}. Any other name
     * is what a DNS-rebinding page sends, and is refused.
     */
    public Set<String> hostNames() {
        Set<String> names = new LinkedHashSet<>();
        boolean wildcard = bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]");
        if (!wildcard) {
            names.add(name(bind));
        }
        if (wildcard || isLoopback(bind)) {
            names.add("localhost");
            names.add("127.0.0.1");
            names.add("::1");
        }
        allowedHosts.forEach(h -> names.add(name(h)));
        return names;
    }

    /** Whether a request's {@code Host} header ({@code name[:port]}, {@code [v6][:port]}) names this controller. */
    public boolean allowsHost(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String h = hostHeader.strip();
        String name;
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0) {
                return false;
            }
            name = h.substring(1, end);
        } else {
            int colon = h.indexOf(':');
            name = colon < 0 ? h : h.substring(0, colon);
        }
        return hostNames().contains(name(name));
    }

    /**
     * Whether a request's {@code Origin} is this controller as the browser addressed it ({@code http(s)://} + the
     * request's {@code Host}): a page of any other site, or an opaque {@code null} origin, is refused. A request with no
     * {@code Origin} (curl, an agent) is not a browser's cross-site request and passes this check.
     */
    public static boolean sameOrigin(String origin, String hostHeader) {
        if (origin == null) {
            return true;
        }
        if (hostHeader == null) {
            return false;
        }
        try {
            URI o = new URI(origin.strip());
            if (!("http".equals(o.getScheme()) || "https".equals(o.getScheme())) || o.getRawAuthority() == null
                    || o.getRawPath() != null && !o.getRawPath().isEmpty()) {
                return false;
            }
            return o.getRawAuthority().equalsIgnoreCase(hostHeader.strip());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String name(String host) {
        String n = host.strip().toLowerCase(Locale.ROOT);
        if (n.startsWith("[") && n.endsWith("]")) {
            n = n.substring(1, n.length() - 1);
        }
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** Whether {@code authorization} (an HTTP Authorization header) carries the token; false when no token is set. */
    public boolean authorizes(String authorization) {
        if (token == null || authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        // never the token itself
        return "HttpOptions[" + bind + ":" + port + ", devConsoles=" + devConsoles + ", token=" + (token == null ? "none" : "set")
                + ", allowedHosts=" + allowedHosts + "]";
    }
}
