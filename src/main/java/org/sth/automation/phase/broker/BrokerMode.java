package org.sth.automation.phase.broker;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import org.sth.automation.UsageException;

/**
 * Where a controller's phase queues live: the durable file spools of the work root (the default), or the queues of an
 * Apache ActiveMQ Artemis broker, joined over the network ({@code serve --broker tcp://host:port}) or started in this
 * process ({@code serve --embedded-broker}, journal in {@code <work>/broker/}).
 *
 * @param url the broker's URL (null in file mode)
 * @param embedded whether this controller runs the broker itself
 * @param journal where an embedded broker keeps its persistent journal
 * @param workRoot the work root whose controllers share the broker (where the embedded broker's credentials are kept)
 */
public record BrokerMode(String url, boolean embedded, Path journal, Path workRoot) {

    /** The default: file spools, no broker. */
    public static final BrokerMode FILES = new BrokerMode(null, false, null, null);

    /** The environment variables with the user and password a remote broker asks for (never on the command line). */
    public static final String USER_ENV = "STH_BROKER_USER";
    public static final String PASSWORD_ENV = "STH_BROKER_PASSWORD";

    /**
     * Joins the broker at {@code url} ({@code tcp://host:port}, as Artemis's core protocol client takes it) for the
     * controllers of {@code workRoot}. It logs in with {@link #USER_ENV} / {@link #PASSWORD_ENV} when they are set, else
     * with the credentials of the work root's embedded broker ({@link BrokerCredentials}) when it has one.
     */
    public static BrokerMode remote(String url, Path workRoot) {
        if (url.startsWith("(") && url.contains("tcp://")) {
            // a list of brokers (a live/backup pair or a cluster), as Artemis's client takes it: (tcp://a:61616,tcp://b:61616)?ha=true
            return new BrokerMode(url, false, null, workRoot);
        }
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--broker " + url + ": not a URL (fix: tcp://broker-host:61616)");
        }
        if (!"tcp".equals(u.getScheme()) || u.getHost() == null || u.getPort() <= 0) {
            throw new UsageException("--broker " + url + ": an Artemis core URL is tcp://host:port (fix: e.g. tcp://broker-host:61616)");
        }
        return new BrokerMode(url, false, null, workRoot);
    }

    /**
     * Starts a broker in this process, listening on {@code bind:port} only. A broker that accepts messages from the
     * network lets whoever reaches it queue work, so an embedded broker listens on a loopback address only, asks every
     * client for the work root's generated credentials ({@link BrokerCredentials}) and speaks the core protocol only (no
     * HTTP, no WebSocket); a lab that spreads controllers over machines runs a standalone Artemis with users and TLS
     * (docs/scaling.md).
     */
    public static BrokerMode embedded(String bind, int port, Path workRoot) {
        if (port < 1 || port > 65535) {
            throw new UsageException("--broker-port " + port + ": not a TCP port (fix: 1-65535, default 61616)");
        }
        try {
            if (!InetAddress.getByName(bind).isLoopbackAddress()) {
                throw new UsageException("--broker-bind " + bind + ": an embedded broker listens on a loopback address only (fix: "
                        + "127.0.0.1 for controllers on this machine; for controllers on several machines run a standalone Artemis "
                        + "with users and TLS and pass --broker tcp://host:port, see docs/scaling.md)");
            }
        } catch (UnknownHostException e) {
            throw new UsageException("--broker-bind " + bind + ": unknown address (fix: 127.0.0.1)");
        }
        String host = bind.contains(":") ? "[" + bind + "]" : bind;
        return new BrokerMode("tcp://" + host + ":" + port, true, workRoot.resolve("broker"), workRoot);
    }

    /**
     * The URL as it may be printed: a password a URL carries (a trust or key store's) is masked; the broker user's comes
     * from the environment and is never in it.
     */
    public String shown() {
        return url == null ? null : url.replaceAll("(?i)(password=)[^&;)]*", "$1***");
    }

    /** Whether the phase queues are on a broker. */
    public boolean enabled() {
        return url != null;
    }

    /** How status and events name this mode ({@code spool} field). */
    public String spool() {
        return enabled() ? "broker" : "file";
    }
}
