package org.sth.automation.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;

/**
 * One shell per host (docs/transport.md): a small POSIX {@code sh} runner started once on a connection's exec channel
 * ({@code runner.sh}, sent as the command: nothing is installed) that takes framed commands on its stdin and answers
 * framed results, so a command costs a line on an open channel instead of a channel, a wrapper and a session process of
 * its own. Commands run concurrently, each in its own session and process group with its {@code STH_CMD_ID}; when the
 * channel closes (the controller stopped, died or lost the link) the runner ends every command still running.
 */
final class HostRunner implements AutoCloseable {

    /** What a command run on the runner returned: its exit status (128 + N when a signal ended it) and its output. */
    record Result(int exit, byte[] stdout, byte[] stderr) {
    }

    /** The runner could not start on this host (restricted shell, ForceCommand, no sh or setsid): the reason. */
    static final class Unavailable extends Exception {
        Unavailable(String reason) {
            super(reason);
        }
    }

    static final String SCRIPT = script();
    private static final int MAX_LINE = 1024;

    private final ClientSession session;
    private final ChannelExec channel;
    private final OutputStream in;
    private final InputStream out;
    private final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    private final Map<Long, CompletableFuture<Result>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final long pid;
    private volatile String closed;

    private HostRunner(ClientSession session, ChannelExec channel, long pid) throws IOException {
        this.session = session;
        this.channel = channel;
        this.in = channel.getInvertedIn();
        this.out = channel.getInvertedOut();
        this.pid = pid;
    }

    private static String script() {
        try (InputStream s = HostRunner.class.getResourceAsStream("runner.sh")) {
            String text = new String(s.readAllBytes(), StandardCharsets.UTF_8);
            // comments and indentation stay in the source; the host (and its ps) gets the script alone
            return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.joining("\n"));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("runner.sh is missing from the engine's jar", e);
        }
    }

    /** Starts the runner on {@code session}; waits at most {@code handshake} for it to say it is ready. */
    static HostRunner start(ClientSession session, Duration handshake) throws IOException, Unavailable {
        ChannelExec ch = session.createExecChannel("exec /bin/sh -c " + SshRemoteSession.quote(SCRIPT) + " sth-runner");
        ch.open().verify(handshake);
        InputStream out = ch.getInvertedOut();
        CompletableFuture<String> hello = CompletableFuture.supplyAsync(() -> {
            try {
                return readLine(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String line;
        try {
            line = hello.get(handshake.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            ch.close(true);
            throw new Unavailable("the runner did not answer within " + handshake.toSeconds() + " s (a ForceCommand or login banner on the host?)");
        } catch (java.util.concurrent.ExecutionException e) {
            ch.close(true);
            throw new Unavailable("the runner's channel closed before it answered (" + SshTransport.rootMessage(e) + ")");
        } catch (InterruptedException e) {
            ch.close(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the runner", e);
        }
        if (line == null || !line.startsWith("H 1 ")) {
            ch.close(true);
            throw new Unavailable(line == null ? "the host's shell ended the runner at once (restricted shell or ForceCommand?)"
                    : line.startsWith("N ") ? line.substring(2) : "the host answered something else than the runner: "
                            + org.sth.automation.io.SafeText.line(line.length() > 80 ? line.substring(0, 80) + "…" : line));
        }
        long pid;
        try {
            pid = Long.parseLong(line.substring(4).strip());
        } catch (NumberFormatException e) {
            ch.close(true);
            throw new Unavailable("the runner's greeting is malformed");
        }
        // a shell that starts the runner with its input cut (a ForceCommand wrapper's < /dev/null) could greet and then
        // end at the first command: it must echo a line first
        String nonce = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
        String echo;
        try {
            OutputStream in = ch.getInvertedIn();
            in.write(("p " + nonce + "\n").getBytes(StandardCharsets.US_ASCII));
            in.flush();
            echo = CompletableFuture.supplyAsync(() -> {
                try {
                    return readLine(out);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(handshake.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            ch.close(true);
            throw new Unavailable("the runner started but does not read its input (" + SshTransport.rootMessage(e) + ")");
        } catch (InterruptedException e) {
            ch.close(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the runner", e);
        }
        if (!("P " + nonce).equals(echo)) {
            ch.close(true);
            throw new Unavailable("the runner started but does not read its input (it answered "
                    + (echo == null ? "nothing" : org.sth.automation.io.SafeText.line(echo)) + ")");
        }
        HostRunner r = new HostRunner(session, ch, pid);
        Thread reader = new Thread(r::readResults, "sth-runner-" + session.getConnectAddress());
        reader.setDaemon(true);
        reader.start();
        Thread errors = new Thread(r::drainErrors, "sth-runner-err-" + session.getConnectAddress());
        errors.setDaemon(true);
        errors.start();
        return r;
    }

    /** The connection the runner lives on. */
    ClientSession session() {
        return session;
    }

    /** The runner's process id on the host. */
    long pid() {
        return pid;
    }

    boolean isOpen() {
        return closed == null && channel.isOpen() && !channel.isClosing();
    }

    /** Why the runner stopped, or null while it runs. */
    String closedReason() {
        return closed;
    }

    /** Starts {@code command} (with {@code token} as its {@code STH_CMD_ID}, {@code stdin} or none); the future completes with its result. */
    CompletableFuture<Result> submit(String command, String token, byte[] stdin) throws IOException {
        long id = ids.incrementAndGet();
        CompletableFuture<Result> f = new CompletableFuture<>();
        pending.put(id, f);
        String frame = "r " + id + " " + token + " " + octal(command.getBytes(StandardCharsets.UTF_8)) + " "
                + (stdin == null ? "-" : octal(stdin)) + "\n";
        try {
            synchronized (in) {
                if (closed != null) {
                    throw new IOException("the runner stopped: " + closed);
                }
                in.write(frame.getBytes(StandardCharsets.US_ASCII));
                in.flush();
            }
        } catch (IOException e) {
            pending.remove(id);
            throw e;
        }
        if (closed != null) {
            // the reader may have failed the pending futures before this one was added
            f.completeExceptionally(new IOException("the runner stopped: " + closed));
        }
        return f;
    }

    /**
     * {@code printf %b} input: every byte outside a small safe set as {@code \0ooo}; the result has no space, newline or
     * quote, so one command is one field of one line, whatever it holds (backslashes, quotes, newlines, secrets).
     */
    static String octal(byte[] bytes) {
        StringBuilder b = new StringBuilder(bytes.length + 16);
        for (byte x : bytes) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_./:=,+@%".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('\\').append('0').append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7))).append((char) ('0' + (c & 7)));
            }
        }
        return b.toString();
    }

    private void readResults() {
        try {
            for (String header; (header = readLine(out)) != null; ) {
                String[] f = header.split(" ");
                if (f.length != 5 || !f[0].equals("e")) {
                    throw new IOException("the runner sent an unexpected line: " + org.sth.automation.io.SafeText.line(header));
                }
                long id = Long.parseLong(f[1]);
                int exit = Integer.parseInt(f[2]);
                byte[] stdout = out.readNBytes(Math.toIntExact(Long.parseLong(f[3])));
                byte[] stderr = out.readNBytes(Math.toIntExact(Long.parseLong(f[4])));
                CompletableFuture<Result> done = pending.remove(id);
                if (done != null) {
                    done.complete(new Result(exit, stdout, stderr));
                }
            }
            stop("the runner's channel closed");
        } catch (IOException | RuntimeException e) {
            stop("reading from the runner failed: " + SshTransport.rootMessage(e));
        }
    }

    private void drainErrors() {
        try (InputStream err = channel.getInvertedErr()) {
            byte[] buf = new byte[4096];
            for (int n; (n = err.read(buf)) >= 0; ) {
                synchronized (diagnostics) {
                    if (diagnostics.size() < 16 * 1024) {
                        diagnostics.write(buf, 0, n);
                    }
                }
            }
        } catch (IOException ignored) {
            // the channel closed: nothing more to read
        }
    }

    private void stop(String why) {
        if (closed == null) {
            closed = why;
        }
        IOException e = new IOException("the runner stopped: " + closed);
        pending.values().forEach(f -> f.completeExceptionally(e));
        pending.clear();
    }

    /** A line of the runner's stdout, without its newline; null at the end of the stream. */
    private static String readLine(InputStream s) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c; (c = s.read()) >= 0; ) {
            if (c == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("the runner sent a line longer than " + MAX_LINE + " bytes");
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    /** Ends the runner: it ends whatever still runs (TERM, then KILL) and removes its directory. */
    @Override
    public void close() {
        stop("closed by the engine");
        try {
            synchronized (in) {
                in.write("q\n".getBytes(StandardCharsets.US_ASCII));
                in.flush();
                in.close();
            }
        } catch (IOException ignored) {
            // already closed: the runner sees the end of its input either way
        }
        channel.close(false);
    }
}
