package org.sth.automation.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in agentsth source tree: its build turns {@code agentsth.in} into the runner {@code agentsth}, which writes
 * {@code $OUT/results.json} with the affinity it runs with (its own {@code Cpus_allowed_list}), its arguments and
 * its agent environment. macOS sidecars and a {@code .git} dir are there to prove they never travel.
 */
final class AgentsthStandIn {

    private AgentsthStandIn() {
    }

    /** Writes the tree at {@code repo}; the Makefile builds with make, {@code build.sh} does the same for other tools. */
    static Path write(Path repo) {
        try {
            Files.createDirectories(repo.resolve(".git"));
            Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/main\n");
            Files.writeString(repo.resolve("._agentsth.in"), "macOS resource fork");
            Files.writeString(repo.resolve(".DS_Store"), "finder");
            Files.writeString(repo.resolve("Makefile"), "agentsth: agentsth.in\n\tsh build.sh\n");
            Files.writeString(repo.resolve("build.sh"), "cp agentsth.in agentsth && chmod +x agentsth\n");
            // --repin: the agent moves itself to CPU 0 and keeps running a while (a benchmark that ignores its pinning)
            Files.writeString(repo.resolve("agentsth.in"), "#!/bin/sh\n"
                    + "if [ \"$1\" = --repin ]; then taskset -cp 0 $$ >/dev/null; sleep 2; fi\n"
                    + "printf '{\"affinity\":\"%s\",\"args\":\"%s\",\"agent\":\"%s\",\"agent_cpus\":\"%s\",\"family\":\"%s\"}\\n' "
                    + "\"$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/$$/status)\" \"$*\" \"$AGENT_INDEX\" \"$AGENT_CPUS\" "
                    + "\"$FAMILY_ID\" > \"$OUT/results.json\"\n");
            return repo;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The policy the tests run: an official profile and the given extra TOML under [agentsth]. */
    static String policy(String extra) {
        return "\n[agentsth]\nofficial_profile = \"official\"\n" + extra
                + "\n\n[agentsth.profiles.official]\nargs = [\"--profile\", \"official\"]\n";
    }

    /** The demo config with the source tree as [paths] agentsth_repo. */
    static String withRepo(String toml, String repoName) {
        return toml.replace("bundle_cache_dir = \"bundle-cache\"", "bundle_cache_dir = \"bundle-cache\"\nagentsth_repo = \"" + repoName + "\"");
    }
}
