package org.sth.automation.transport;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Replaces every known secret value (resolved passwords, stdin content) by {@code ****} in text. */
public final class SecretRedactor {

    public static final String MASK = "****";

    private final List<String> secrets;

    public SecretRedactor(Set<String> secrets) {
        // longest first so a secret containing another one is masked whole
        this.secrets = secrets.stream()
                .filter(s -> s != null && !s.isBlank())
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    public static SecretRedactor none() {
        return new SecretRedactor(Set.of());
    }

    /** A redactor that also masks {@code stdin} (whole and trimmed, line by line), when present. */
    public SecretRedactor with(byte[] stdin) {
        if (stdin == null || stdin.length == 0) {
            return this;
        }
        String text = new String(stdin, StandardCharsets.UTF_8);
        Set<String> all = new LinkedHashSet<>(secrets);
        all.add(text);
        all.add(text.strip());
        for (String line : text.split("\\R")) {
            all.add(line.strip());
        }
        return new SecretRedactor(all);
    }

    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        return out;
    }

    /** Byte-exact: output that is not valid UTF-8 (binary, other encodings) passes through unchanged but for the masks. */
    public byte[] redact(byte[] bytes) {
        if (bytes == null || secrets.isEmpty()) {
            return bytes;
        }
        // ISO-8859-1 maps every byte to one char and back, so only the secrets' own UTF-8 bytes are replaced
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        for (String s : secrets) {
            text = text.replace(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1), MASK);
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
