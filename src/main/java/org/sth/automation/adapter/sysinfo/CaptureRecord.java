package org.sth.automation.adapter.sysinfo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What happened to one capture: the manifest {@code captures[]} entry of the original collector plus a
 * {@code reason} that explains, for humans, why a capture did not succeed.
 */
public record CaptureRecord(
        String commandId,
        String command,
        boolean sudo,
        boolean optional,
        long timeout,
        String status,
        Integer exitStatus,
        String stdoutPath,
        String stderrPath,
        String error,
        String reason) {

    /** Status of a capture that exited 0. */
    public static final String CAPTURED = "captured";
    /** Status of an optional capture that exited non-zero (kept for compatibility with published data). */
    public static final String SKIPPED = "skipped";
    /** Status of a required capture that exited non-zero. */
    public static final String FAILED = "failed";

    private static final int MAX_REASON_CHARS = 200;

    /**
     * Applies the collector's status rules. {@code exitStatus == null} (no exit status from the server) counts as
     * -1 like the original. {@code errorOrNull} is the stderr text or a transport-level error description; it is
     * only used to derive {@code reason} and must already be free of secrets.
     */
    public static CaptureRecord of(CaptureSpec spec, Integer exitStatus, boolean stdoutNonEmpty,
            boolean stderrNonEmpty, String errorOrNull) {
        int exit = exitStatus == null ? -1 : exitStatus;
        boolean ok = exit == 0;
        String status = ok ? CAPTURED : spec.optional() ? SKIPPED : FAILED;
        String stdoutPath = stdoutNonEmpty || ok ? spec.target() : null;
        String stderrPath = stderrNonEmpty ? spec.stderrTarget() : null;
        String error = ok ? null : "command exited with status " + exit;
        String reason = ok ? null : reason(spec, exit, stderrNonEmpty, errorOrNull);
        return new CaptureRecord(spec.id(), spec.command(), spec.sudo(), spec.optional(),
                spec.timeout().toSeconds(), status, exit, stdoutPath, stderrPath, error, reason);
    }

    /** True when the capture exited 0. */
    public boolean captured() {
        return CAPTURED.equals(status);
    }

    /** The manifest/summary JSON form, with the original's snake_case keys (plus {@code reason}). */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("command_id", commandId);
        node.put("command", command);
        node.put("sudo", sudo);
        node.put("optional", optional);
        node.put("timeout", timeout);
        node.put("status", status);
        node.put("exit_status", exitStatus);
        node.put("stdout_path", stdoutPath);
        node.put("stderr_path", stderrPath);
        node.put("error", error);
        node.put("reason", reason);
        return node;
    }

    private static String reason(CaptureSpec spec, int exit, boolean stderrNonEmpty, String diagnostic) {
        var hint = InstallHints.reasonFor(spec, diagnostic);
        if (hint.isPresent()) {
            return hint.get();
        }
        String firstLine = firstNonBlankLine(diagnostic);
        if (firstLine != null) {
            return firstLine.length() > MAX_REASON_CHARS ? firstLine.substring(0, MAX_REASON_CHARS) + "…" : firstLine;
        }
        if (exit == -1) {
            return "no exit status from the server (command killed, timed out or channel closed)";
        }
        return stderrNonEmpty
                ? "command exited with status " + exit + "; see " + spec.stderrTarget()
                : "command exited with status " + exit + " without any stderr output";
    }

    private static String firstNonBlankLine(String text) {
        if (text == null) {
            return null;
        }
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse(null);
    }
}
