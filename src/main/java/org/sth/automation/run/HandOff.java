package org.sth.automation.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.sth.automation.io.CorruptFileException;
import org.sth.automation.io.Json;
import org.sth.automation.io.Shell;
import org.sth.automation.run.status.Phase;

/**
 * The problem-specific part of the hand-off ({@link StatusDerivation}): what kind of problem the run has
 * (connectivity, staging, publish), the scoped {@code validate} command for it, the repo-local {@code git}/{@code gh}
 * commands that show a publish problem, and the files worth reading, each with why (command and path hints).
 */
final class HandOff {

    /** Where a problem lies; decides the scoped validate command and the diagnostics. */
    enum Problem { CONNECTIVITY, STAGING, PUBLISH }

    // the transport's failure classes (docs/transport.md) as they appear in an error message
    private static final Pattern CONNECTIVITY = Pattern.compile("\\b(auth_failed|host_key_mismatch|host_key_unknown|connection_refused|"
            + "timeout|timeout_connect|dns|missing_secret_env|missing_key_file|channel_open_failed|connection_lost|ssh_config)\\b"
            + "|TransportException");

    private final RunLayout layout;
    private final String launcher;
    private final String config;
    private final String host;
    final Set<Problem> problems = new LinkedHashSet<>();
    final Set<String> stagingBenchmarks = new LinkedHashSet<>();
    final Set<String> publishBenchmarks = new LinkedHashSet<>();
    /** Command (or path) → why, in the order they were added. */
    final Map<String, String> hints = new LinkedHashMap<>();

    HandOff(RunLayout layout, String launcher, String config, String host) {
        this.layout = layout;
        this.launcher = launcher;
        this.config = config == null || config.isBlank() ? "<the config this run used>" : config;
        this.host = host;
    }

    /** Sorts a failed step (or the phase in recovery, with its error) into the problem it shows. */
    void classify(String adapter, String phase, String outcome, String error) {
        String e = error == null ? "" : error;
        if ("timeout_connect".equals(outcome) || "connection_lost".equals(outcome) || "discover".equals(phase)
                || CONNECTIVITY.matcher(e).find()) {
            problems.add(Problem.CONNECTIVITY);
        } else if ("publish".equals(phase)) {
            problems.add(Problem.PUBLISH);
            if (adapter != null) {
                publishBenchmarks.add(adapter);
            }
        } else if ("preflight".equals(phase) || "stage".equals(phase) || "blocked".equals(outcome)) {
            problems.add(Problem.STAGING);
            if (adapter != null && !"preflight".equals(adapter) && !"host".equals(adapter)) {
                stagingBenchmarks.add(adapter);
            }
        }
    }

    void publishBlocked(String adapter) {
        problems.add(Problem.PUBLISH);
        publishBenchmarks.add(adapter);
    }

    /** The scoped {@code validate} commands of the problems found, connectivity first; each with its hint. */
    List<String> validateCommands(List<String> benchmarks) {
        List<String> out = new ArrayList<>();
        if (problems.contains(Problem.CONNECTIVITY)) {
            out.add(hint(connectivity(), "checks every hop of " + host + ": reached, host key verified, authenticated"));
        }
        if (problems.contains(Problem.STAGING)) {
            Set<String> b = stagingBenchmarks.isEmpty() ? new LinkedHashSet<>(benchmarks) : stagingBenchmarks;
            out.add(hint(Shell.command(launcher, "validate", "--config", config, "--host", host, "--scope", "staging", "--benchmarks",
                    String.join(",", b)),
                    "predicts readiness and packaging of " + String.join(", ", b) + " on " + host + " without running anything"));
        }
        if (problems.contains(Problem.PUBLISH)) {
            out.add(hint(Shell.command(launcher, "validate", "--config", config, "--scope", "publish", "--benchmarks",
                    String.join(",", publishBenchmarks)),
                    "checks the results clone, its remote and gh for " + String.join(", ", publishBenchmarks)));
        }
        return out;
    }

    String connectivity() {
        return Shell.command(launcher, "validate", "--config", config, "--host", host, "--scope", "connectivity");
    }

    /**
     * Repo-local {@code git}/{@code gh} commands that show what blocks each publish target, from its publish ledger
     * entry (the clone, remote, branch and state the publish phase recorded).
     */
    List<String> publishDiagnostics() {
        List<String> out = new ArrayList<>();
        JsonNode targets = read(layout.publishLedger()).path("targets");
        for (String adapter : publishBenchmarks) {
            JsonNode t = targets.path(adapter);
            String repo = t.path("repo_path").asText(null);
            String state = t.path("state").asText("");
            String branch = t.path("branch").asText(null);
            String remote = t.path("remote").asText("origin");
            if (repo == null) {
                continue;
            }
            String git = "git -C " + Shell.quote(repo);
            switch (state) {
                case "repo_missing" -> out.add(hint(git + " rev-parse --show-toplevel",
                        adapter + ": shows whether " + repo + " is a git clone (publish found none)"));
                case "remote_missing", "remote_mismatch" -> {
                    out.add(hint(git + " remote -v", adapter + ": the remotes of the clone (publish: " + state + ")"));
                    if (t.hasNonNull("expected_remote_url")) {
                        out.add(hint(git + " remote get-url " + Shell.quote(remote), adapter + ": the URL of " + remote + ", expected "
                                + t.path("expected_remote_url").asText()));
                    }
                }
                case "push_failed" -> {
                    out.add(hint(git + " ls-remote " + Shell.quote(remote) + " " + Shell.quote("refs/heads/" + branch), adapter + ": whether the branch reached "
                            + remote + " (push failed: " + t.path("error").asText("") + ")"));
                    out.add(hint(git + " push --dry-run " + Shell.quote(remote) + " " + Shell.quote(branch), adapter + ": tries the push without sending"));
                }
                case "gh_missing" -> out.add(hint("gh --version", adapter + ": gh is needed to open the pull request"));
                case "gh_auth_missing" -> out.add(hint("gh auth status", adapter + ": gh is not logged in"));
                case "pr_create_failed" -> {
                    out.add(hint("gh auth status", adapter + ": gh's login and scopes"));
                    out.add(hint("cd " + Shell.quote(repo) + " && gh pr list --head " + Shell.quote(branch) + " --state all",
                            adapter + ": pull requests for the branch (gh pr create failed: " + t.path("error").asText("") + ")"));
                }
                default -> {
                }
            }
            if (branch != null && !state.equals("repo_missing")) {
                out.add(hint(git + " log --oneline -1 " + Shell.quote(branch), adapter + ": the result commit on " + branch));
            }
            if (t.hasNonNull("suggested_command") && (state.startsWith("gh_") || state.equals("pr_create_failed"))) {
                out.add(hint(t.path("suggested_command").asText(), adapter + ": opens the pull request by hand, as publish would"));
            }
        }
        return out;
    }

    /**
     * Step artefacts and publish manifests worth reading for the problems found, most specific first: a stage step's
     * builder log, the preflight summary of a readiness problem, each blocked target's publish manifests.
     */
    List<Path> problemPaths(JsonNode status) {
        List<Path> out = new ArrayList<>();
        for (String b : stagingBenchmarks) {
            StepManifests.read(layout, b, Phase.STAGE).map(m -> m.path("details").path("builder_log").asText(null))
                    .ifPresent(log -> out.add(hintPath(layout.dir().resolve(log), b + ": output of its bundle builder")));
        }
        if (problems.contains(Problem.STAGING)) {
            out.add(hintPath(layout.preflightDir().resolve("summary.md"), "readiness and packaging per benchmark, with install commands"));
        }
        JsonNode targets = read(layout.publishLedger()).path("targets");
        for (String b : publishBenchmarks) {
            JsonNode t = targets.path(b);
            for (String k : List.of("pr_manifest", "push_manifest")) {
                if (t.hasNonNull(k)) {
                    out.add(hintPath(layout.dir().resolve(t.path(k).asText()), b + ": " + k.replace('_', ' ') + " of the publish phase"));
                }
            }
            out.add(hintPath(layout.publishLedger(), b + ": publish state " + t.path("state").asText("?") + " with its error and hint"));
        }
        return out;
    }

    String hint(String command, String why) {
        hints.putIfAbsent(command, why);
        return command;
    }

    Path hintPath(Path p, String why) {
        hints.putIfAbsent(p.toString(), why);
        return p;
    }

    /** Whether a path is worth reading: it exists and is not empty. */
    static boolean worthReading(Path p) {
        try {
            return Files.isRegularFile(p) && Files.size(p) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static JsonNode read(Path file) {
        if (!Files.exists(file)) {
            return Json.object();
        }
        try {
            return Json.readObject(file);
        } catch (CorruptFileException e) {
            return Json.object();
        }
    }

    /** {@code [{command|path, hint}]} for the given values, in their order. */
    ObjectNode[] hintsFor(List<String> values, String key) {
        List<ObjectNode> out = new ArrayList<>();
        for (String v : values) {
            out.add(Json.object().put(key, v).put("hint", hints.getOrDefault(v, "")));
        }
        return out.toArray(ObjectNode[]::new);
    }
}
