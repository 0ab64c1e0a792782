package org.sth.automation.phase.broker;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptor;

/**
 * The embedded broker's listening socket, in front of its acceptor: a connection whose first bytes are the Artemis core
 * protocol's handshake ({@code ARTEMIS}) is handed to the acceptor ({@link NettyAcceptor#transfer}); anything else is
 * closed without an answer. Artemis's own acceptor also takes HTTP on the same port, upgrades it to WebSocket (with no
 * check of {@code Origin}, so any web page can connect) and buffers HTTP bodies of any size; this listener offers none
 * of that. The acceptor itself is configured not to listen ({@code httpUpgradeEnabled}: "another server hands channels
 * over", which is what this class does).
 */
final class CoreOnlyListener implements AutoCloseable {

    /** The first bytes every Artemis core client sends. */
    private static final byte[] CORE_HANDSHAKE = "ARTEMIS".getBytes(StandardCharsets.US_ASCII);

    /** How long a connection may take to send its first bytes. */
    private static final long HANDSHAKE_SECONDS = 10;

    private final EventLoopGroup group;
    private final Channel server;

    private CoreOnlyListener(EventLoopGroup group, Channel server) {
        this.group = group;
        this.server = server;
    }

    /** Listens on {@code host:port} and hands core connections to {@code acceptor}. */
    static CoreOnlyListener start(String host, int port, NettyAcceptor acceptor) throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "sth-broker-listener");
            t.setDaemon(true);
            return t;
        });
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast("sth-core-only", new CoreHandshake(acceptor));
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getByName(host), port)).sync().channel();
            return new CoreOnlyListener(group, server);
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The port it listens on. */
    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Reads a connection's first bytes: the core handshake passes to the broker's acceptor, anything else is closed. */
    private static final class CoreHandshake extends ByteToMessageDecoder {

        private final NettyAcceptor acceptor;

        CoreHandshake(NettyAcceptor acceptor) {
            this.acceptor = acceptor;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            // a connection that never says what it is does not hold a socket
            ctx.executor().schedule(() -> {
                if (ctx.pipeline().get(CoreHandshake.class) != null) {
                    ctx.close();
                }
            }, HANDSHAKE_SECONDS, TimeUnit.SECONDS);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            int n = Math.min(in.readableBytes(), CORE_HANDSHAKE.length);
            for (int i = 0; i < n; i++) {
                if (in.getByte(in.readerIndex() + i) != CORE_HANDSHAKE[i]) {
                    in.skipBytes(in.readableBytes());
                    ctx.close();
                    return;
                }
            }
            if (n < CORE_HANDSHAKE.length) {
                return;
            }
            // the acceptor adds its protocol decoder behind this one; removing this one passes it the bytes read so far
            try {
                acceptor.transfer(ctx.channel());
            } catch (RuntimeException stopping) {
                // the broker is stopping (its acceptor takes no connection): the client reconnects to the next one
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            ctx.pipeline().remove(this);
        }
    }
}
