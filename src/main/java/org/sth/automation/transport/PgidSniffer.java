package org.sth.automation.transport;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Stderr sink that takes the wrapper's process-group line out of the stream and remembers the pgid. */
final class PgidSniffer extends OutputStream {

    static final String MARK = "__sth_pgid__=";

    private final ByteArrayOutputStream delegate;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private volatile Long pgid;

    PgidSniffer(ByteArrayOutputStream delegate) {
        this.delegate = delegate;
    }

    Long pgid() {
        return pgid;
    }

    @Override
    public synchronized void write(int b) {
        if (pgid != null) {
            delegate.write(b);
            return;
        }
        line.write(b);
        if (b == '\n') {
            String text = line.toString(StandardCharsets.UTF_8).strip();
            if (text.startsWith(MARK) && text.substring(MARK.length()).matches("\\d+")) {
                pgid = Long.parseLong(text.substring(MARK.length()));
            } else {
                delegate.write(line.toByteArray(), 0, line.size());
            }
            line.reset();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (pgid != null) {
            delegate.write(b, off, len);
            return;
        }
        for (int i = 0; i < len; i++) {
            write(b[off + i]);
        }
    }

    /** Hands over a trailing partial line that never got its newline. */
    synchronized void finish() {
        if (line.size() > 0) {
            delegate.write(line.toByteArray(), 0, line.size());
            line.reset();
        }
    }
}
