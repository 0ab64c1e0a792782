package org.sth.automation.adapter.sysinfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sth.automation.io.AtomicFiles;

/**
 * Stores one finished command's output under the collection directory with the collector's file rules and returns
 * its {@link CaptureRecord}. Output is passed through {@link SudoOutputSanitizer} first, so no password reaches disk.
 */
public final class CaptureFiles {

    private CaptureFiles() {
    }

    /**
     * Non-empty stdout goes to the target even on failure; empty stdout creates an empty file only on success;
     * non-empty stderr goes to {@code <target>.stderr.txt}. {@code passwordOrNull} is the sudo password, if any.
     */
    public static CaptureRecord store(Path collectionDir, CaptureSpec spec, Integer exitStatus, byte[] stdout,
            byte[] stderr, String passwordOrNull) {
        byte[] out = sanitize(spec, stdout, passwordOrNull);
        byte[] err = sanitize(spec, stderr, passwordOrNull);
        boolean ok = exitStatus != null && exitStatus == 0;
        if (out.length > 0 || ok) {
            write(collectionDir.resolve(spec.target()), out);
        }
        if (err.length > 0) {
            write(collectionDir.resolve(spec.stderrTarget()), err);
        }
        // With a PTY (sudo) stderr is merged into stdout, so a failure's explanation may only be there.
        String diagnostic = err.length > 0 ? new String(err, StandardCharsets.UTF_8)
                : ok ? null : new String(out, StandardCharsets.UTF_8);
        return CaptureRecord.of(spec, exitStatus, out.length > 0, err.length > 0, diagnostic);
    }

    private static byte[] sanitize(CaptureSpec spec, byte[] bytes, String password) {
        if (bytes == null || bytes.length == 0) {
            return new byte[0];
        }
        return spec.sudo() || password != null ? SudoOutputSanitizer.clean(bytes, password) : bytes;
    }

    static void write(Path path, byte[] bytes) {
        AtomicFiles.write(path, bytes);
    }
}
