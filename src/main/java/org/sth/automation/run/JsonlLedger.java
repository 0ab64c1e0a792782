package org.sth.automation.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.sth.automation.io.Json;
import org.sth.automation.io.StorageException;

/**
 * An append-only JSON-lines file. Each append is one write of one whole line followed by fsync, so a
 * killed process leaves at most a torn last line, which {@link #read} skips and reports; an append that fails (a full
 * disk) is cut back to where it began.
 */
public final class JsonlLedger {

    private final Path file;

    public JsonlLedger(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public synchronized void append(JsonNode record) {
        byte[] line = (Json.line(record) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                // a ledger of a run directory this process no longer owns is never written (io.WriteFence, run.RunFence);
                // the line is written while the ownership is checked, made durable after
                org.sth.automation.io.WriteFence.write(file, () -> write(ch, line));
                try {
                    ch.force(false);
                } catch (IOException e) {
                    throw StorageException.of("append to " + file, file, e);
                }
            }
        } catch (IOException e) {
            throw StorageException.of("append to " + file, file, e);
        }
    }

    private void write(FileChannel ch, byte[] line) {
        try {
            repairTornTail();
            long before = ch.size();
            try {
                ByteBuffer buf = ByteBuffer.wrap(line);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            } catch (IOException e) {
                // a full disk can take part of the line: cut it off, so the ledger never keeps a torn line
                // from a write this process saw fail (the record is reported as not written)
                try {
                    ch.truncate(before);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        } catch (IOException e) {
            throw StorageException.of("append to " + file, file, e);
        }
    }

    /** A torn line (no trailing newline) left by a crash gets its newline, so the next line stays whole. */
    private void repairTornTail() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size == 0) {
                return;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, size - 1);
            if (last.get(0) != '\n') {
                ch.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
            }
        }
    }

    /**
     * The last complete record of a ledger file, read from its end (a torn last line is skipped), or null when it
     * has none; cheap on any size of file.
     */
    public static ObjectNode last(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            for (long window = 64 * 1024; ; window *= 4) {
                long start = Math.max(0, size - window);
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, size - start));
                ch.read(buf, start);
                String[] lines = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).split("\n");
                // the first line of a window that does not begin the file may be cut: it is trusted only at offset 0
                for (int i = lines.length - 1; i >= (start == 0 ? 0 : 1); i--) {
                    if (lines[i].isBlank()) {
                        continue;
                    }
                    try {
                        if (Json.MAPPER.readTree(lines[i]) instanceof ObjectNode o) {
                            return o;
                        }
                    } catch (IOException torn) {
                        // a torn line: the one before it is the last whole record
                    }
                }
                if (start == 0) {
                    return null;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** The records of a ledger file, and how many lines could not be parsed (a torn tail after a crash). */
    public record Contents(List<ObjectNode> records, int unreadableLines) {
    }

    public static Contents read(Path file) {
        List<ObjectNode> out = new ArrayList<>();
        int bad = 0;
        if (!Files.exists(file)) {
            return new Contents(out, 0);
        }
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode node = Json.MAPPER.readTree(line);
                    if (node instanceof ObjectNode o) {
                        out.add(o);
                    } else {
                        bad++;
                    }
                } catch (IOException e) {
                    bad++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return new Contents(out, bad);
    }
}
