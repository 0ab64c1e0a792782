package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's headless Chromium, as the page tests drive it: a fresh profile per call, its output and its log. */
final class Chromium {

    /** What one Chromium call printed: standard output ({@code --dump-dom}) and its log (console messages, refusals). */
    record Output(String out, String log) {
    }

    private Chromium() {
    }

    static Path executable() {
        for (String c : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        throw new AssertionError("Debian's chromium is needed for this test: apt-get install -y chromium (.ci/run installs it)");
    }

    /** Runs headless Chromium with the flags that work in this sandbox (and {@code args}); returns its standard output. */
    static String run(Path profile, String... args) throws Exception {
        return runLogged(profile, args).out();
    }

    /** As {@link #run}, with the browser's log on standard error ({@code --enable-logging=stderr}) kept too. */
    static Output runLogged(Path profile, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(executable().toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,1500", "--virtual-time-budget=4000", "--enable-logging=stderr", "--v=0"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(profile.getParent(), "chromium", ".out");
        Path log = Files.createTempFile(profile.getParent(), "chromium", ".log");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return new Output(Files.readString(out), Files.readString(log));
    }
}
