package org.sth.automation.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads a file that must be UTF-8 text, saying where it is not (byte offset and line), instead of "Input length = 1". */
public final class StrictUtf8 {

    private StrictUtf8() {
    }

    /** Where a file stops being UTF-8. */
    public record Malformed(Path file, long offset, int line, int badByte) {

        /** e.g. {@code latency.csv is not valid UTF-8: byte 0xff at offset 1234 (line 5)}. */
        public String describe(String name) {
            return name + " is not valid UTF-8: byte 0x" + String.format("%02x", badByte) + " at offset " + offset + " (line " + line + ")";
        }
    }

    /** The text, or the first malformed position. */
    public sealed interface Result permits Text, Bad {
    }

    public record Text(String text) implements Result {
    }

    public record Bad(Malformed where) implements Result {
    }

    public static Result read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return decode(file, bytes);
    }

    static Result decode(Path file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            return new Bad(malformed(file, bytes, in.position()));
        }
        decoder.flush(out);
        return new Text(out.flip().toString());
    }

    private static Malformed malformed(Path file, byte[] bytes, int at) {
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return new Malformed(file, at, line, bytes[at] & 0xff);
    }

    /** The first malformed position of {@code bytes}, if any. */
    public static Optional<Malformed> check(Path file, byte[] bytes) {
        return decode(file, bytes) instanceof Bad b ? Optional.of(b.where()) : Optional.empty();
    }
}
