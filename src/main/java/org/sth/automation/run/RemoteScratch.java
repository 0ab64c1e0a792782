package org.sth.automation.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.sth.automation.io.CorruptFileException;
import org.sth.automation.io.Json;
import org.sth.automation.io.SafeText;

/** The run's private scratch directory on its host, as the run recorded it ({@code state/remote_scratch.json}). */
public final class RemoteScratch {

    /** What mktemp -d prints: an absolute path of safe characters (it is quoted in commands, but never needs to be). */
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._/+-]*sth-bench-automation\\.[A-Za-z0-9]+");

    private RemoteScratch() {
    }

    /** Whether {@code path} is a scratch directory the engine makes (what {@code mktemp -d} printed for it). */
    public static boolean isScratch(String path) {
        return path != null && PATH.matcher(path).matches() && !path.contains("/../");
    }

    /** The scratch directory the run made on its host, if it made one; a record that names anything else is corrupt. */
    public static Optional<String> of(RunLayout layout) {
        Path f = layout.remoteScratch();
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        String path = Json.readObject(f).path("path").asText("");
        if (!isScratch(path)) {
            throw new CorruptFileException(f, "path is not a scratch directory the engine made: '" + SafeText.line(path) + "'");
        }
        return Optional.of(path);
    }
}
