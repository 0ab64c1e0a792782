package org.sth.automation.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.adapter.latency.LatencyCsvParser;
import org.sth.automation.adapter.spi.ResultFormatException;
import org.sth.automation.bundle.BundleManifest;
import org.sth.automation.bundle.BundleVerifier;
import org.sth.automation.bundle.SafeTarReader;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.engine.MalformedMessageException;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.engine.intake.RequestIntake;
import org.sth.automation.engine.intake.RequestRejectedException;
import org.sth.automation.host.HostFacts;
import org.sth.automation.io.SafeText;
import org.sth.automation.io.StrictUtf8;

/**
 * Every case of the hostile corpus ({@code src/test/resources/hostile/INDEX.tsv}, written by
 * {@code scripts/faults/make-hostile-corpus}) is fed to the code that meets it in a run, and each gets its clear error.
 */
class HostileCorpusTest {

    static final Path CORPUS = Path.of("src/test/resources/hostile");
    private static final HostFacts LINUX = new HostFacts("x86_64", "linux", "apt-get", Set.of("sh", "tar"), true);
    private static final String CONFIG = """
            [auth_refs.k]
            type = "key_file"
            value = "id_none"

            [[hosts]]
            name = "h1"
            hostname = "127.0.0.1"
            auth_ref = "k"
            """;

    /** One row of the index. */
    record Case(String name, String kind, String file, String expected) {
        @Override
        public String toString() {
            return name + " (" + kind + ")";
        }
    }

    static List<Case> cases() {
        try (Stream<String> lines = Files.lines(CORPUS.resolve("INDEX.tsv"))) {
            return lines.filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> l.split("\t"))
                    .map(f -> new Case(f[0], f[1], f[2], f[3])).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyHostileInputGetsItsClearError(Case c, @TempDir Path tmp) throws Exception {
        // given
        Path file = CORPUS.resolve(c.file());

        // when
        String error = switch (c.kind()) {
            case "bundle" -> bundle(file, tmp);
            case "config" -> String.valueOf(catchThrowable(() -> Adapters.loadConfig(file)).getMessage());
            case "request" -> request(file, tmp);
            case "latency-csv" -> latency(file);
            case "host-text" -> hostText(file);
            case "spool-message" -> spool(file);
            default -> throw new AssertionError("unknown kind " + c.kind());
        };

        // then
        assertThat(error).as(c.toString()).contains(c.expected());
        FaultReport.row("hostile input: " + c.name() + " (" + c.kind() + ")", c.expected(), observed(error, c.expected()),
                "inputs tried: 1, accepted: 0");
    }

    /** The line of the error that carries the expected text (a config's problems follow a heading line). */
    private static String observed(String s, String expected) {
        String[] lines = s.strip().split("\n");
        String line = java.util.Arrays.stream(lines).filter(l -> l.contains(expected)).findFirst().orElse(lines[0]).strip();
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }

    private static String bundle(Path archive, Path tmp) {
        Optional<String> problem = BundleVerifier.problem(archive, BundleManifest.read(BundleManifest.manifestBeside(archive)), LINUX,
                List.of("core-to-core-latency"));
        assertThat(problem).as("refused by the bundle check").isPresent();
        if (problem.get().startsWith("sha256 mismatch")) {
            return problem.get();
        }
        // extraction refuses it too, and leaves nothing behind
        Path dest = tmp.resolve("x");
        assertThat(catchThrowable(() -> SafeTarReader.extract(archive, dest))).as("extract refuses").isNotNull();
        assertThat(dest).satisfiesAnyOf(d -> assertThat(d).doesNotExist(), d -> assertThat(d).isEmptyDirectory());
        return problem.get();
    }

    private static String request(Path file, Path tmp) throws IOException {
        AutomationConfig config = ConfigLoader.parse(CONFIG, "lab.toml", tmp, Adapters.configTables());
        RequestIntake intake = new RequestIntake(config, Adapters.registry(config), new WorkDirs(tmp.resolve("work")));
        Throwable t = catchThrowable(() -> intake.accept(file.getFileName().toString(), Files.readAllBytes(file)));
        assertThat(t).isInstanceOf(RequestRejectedException.class);
        assertThat(t.getMessage().split("\\(fix: ", -1)).as("one fix, not two: " + t.getMessage()).hasSize(2);
        return t.getMessage();
    }

    private static String latency(Path file) {
        StrictUtf8.Result read = StrictUtf8.read(file);
        if (read instanceof StrictUtf8.Bad bad) {
            return bad.where().describe(file.getFileName().toString());
        }
        Throwable t = catchThrowable(() -> LatencyCsvParser.parse(((StrictUtf8.Text) read).text()));
        assertThat(t).as("an unparsable result is a ResultFormatException: a failed step, not a retry")
                .isInstanceOf(ResultFormatException.class);
        return t.getMessage();
    }

    private static String hostText(Path file) throws IOException {
        String safe = SafeText.text(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(safe.chars()).noneMatch(SafeText::isUnsafe);
        return safe;
    }

    private static String spool(Path file) {
        Throwable t = catchThrowable(() -> PhaseMessage.parse(Files.readString(file), file.toString()));
        assertThat(t).isInstanceOf(MalformedMessageException.class);
        return t.getMessage();
    }
}
