package org.sth.automation.transport;

import java.nio.file.Path;

/**
 * One upload or download. {@code outcome}: {@code ok}, {@code skipped_same_digest} (upload not
 * needed, the remote copy already has this sha256) or {@code failed}.
 */
public record TransferResult(
        String direction,
        Path localPath,
        String remotePath,
        long bytes,
        String sha256,
        double seconds,
        String outcome) {
}
