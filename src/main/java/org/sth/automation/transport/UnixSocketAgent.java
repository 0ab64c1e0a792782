package org.sth.automation.transport;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.agent.local.AgentImpl;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * An SSH agent client over the agent's Unix socket ({@code SSH_AUTH_SOCK}), with the JDK's own Unix domain
 * sockets: MINA's {@code AgentClient} needs the native Tomcat APR library, which this tool does not ship.
 * MINA frames the requests and parses the answers ({@link AbstractAgentProxy}); this class moves the bytes.
 */
final class UnixSocketAgent extends AbstractAgentProxy {

    /** Session attribute naming the agent socket of a hop whose auth_ref is {@code agent}. */
    static final AttributeKey<Path> SOCKET = new AttributeKey<>();

    // an agent answer is a key list or one signature; anything larger is not an agent talking
    private static final int MAX_ANSWER = 256 * 1024;

    private final Path socket;
    private final SocketChannel channel;

    UnixSocketAgent(Path socket) throws IOException {
        super(null);
        this.socket = socket;
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot reach the SSH agent at " + socket + " (SSH_AUTH_SOCK): " + e.getMessage(), e);
        }
        this.channel = ch;
    }

    @Override
    protected synchronized Buffer request(Buffer buffer) throws IOException {
        // the buffer is a whole framed message (uint32 length, type, payload); the answer goes back without its length
        ByteBuffer out = ByteBuffer.wrap(buffer.array(), buffer.rpos(), buffer.available());
        while (out.hasRemaining()) {
            channel.write(out);
        }
        ByteBuffer length = readFully(4);
        int n = length.getInt();
        if (n <= 0 || n > MAX_ANSWER) {
            throw new IOException("the SSH agent at " + socket + " sent an answer of " + n + " bytes");
        }
        return new ByteArrayBuffer(readFully(n).array());
    }

    private ByteBuffer readFully(int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new IOException("the SSH agent at " + socket + " closed the connection");
            }
        }
        return b.flip();
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            channel.close();
        }
    }

    /**
     * The client's agent factory: hops authenticated by {@code agent} get a connection to their socket,
     * every other hop an empty in-memory agent, so no hop is ever offered another hop's agent keys.
     */
    static final class Factory implements SshAgentFactory {

        @Override
        public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
            return List.of();
        }

        @Override
        public SshAgent createClient(Session session, FactoryManager manager) throws IOException {
            Path socket = session.getAttribute(SOCKET);
            return socket == null ? new AgentImpl() : new UnixSocketAgent(socket);
        }

        @Override
        public SshAgentServer createServer(ConnectionService service) {
            // agent forwarding to the hosts is never offered
            return null;
        }
    }
}
