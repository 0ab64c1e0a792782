package org.sth.automation.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in agentsth source tree: its build turns {@code agentsth.in} into the runner {@code agentsth}, which writes
 * {@code $OUT/results.json} with the affinity it runs with (read by {@code taskset -cp} on itself), its arguments and
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
            Files.writeString(repo.resolve("agentsth.in"), "#!/bin/sh\n"
                    + "printf '{\"affinity\":\"%s\",\"args\":\"%s\",\"agent\":\"%s\",\"agent_cpus\":\"%s\",\"family\":\"%s\"}\\n' "
                    + "\"$(taskset -cp $$ | sed 's/.*: //')\" \"$*\" \"$AGENT_INDEX\" \"$AGENT_CPUS\" \"$FAMILY_ID\" > \"$OUT/results.json\"\n");
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
