package org.sth.automation.publish;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sth.automation.io.BoundedProcess;

/**
 * Pull requests through the {@code gh} CLI (found on the given {@code PATH}), every call bounded by a timeout:
 * availability ({@code gh_missing}, {@code gh_auth_missing}), reuse of an open PR for the branch, creation.
 */
public final class PullRequests {

    /** The most of one of gh's streams kept: its answers are a URL or a line of error. */
    private static final int MAX_OUTPUT = 1 << 20;

    /** A gh outcome: {@code state} (ok, gh_missing, gh_auth_missing, pr_created, pr_reused, pr_create_failed), PR URL, message. */
    public record Outcome(String state, String url, String message) {
    }

    private record Run(int exit, String out, String err) {
    }

    private final Map<String, String> env;
    private final Duration timeout;

    public PullRequests(Map<String, String> env, Duration timeout) {
        this.env = Map.copyOf(env);
        this.timeout = timeout;
    }

    /** gh as this process's environment finds it, with 60 s per gh call. */
    public static PullRequests fromEnvironment() {
        return new PullRequests(System.getenv(), Duration.ofSeconds(60));
    }

    /** The {@code gh} executable on {@code PATH}, if any. */
    public Optional<Path> findGh() {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir).resolve("gh");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@code ok} when gh exists and {@code gh auth status} succeeds, else {@code gh_missing} or {@code gh_auth_missing}. */
    public Outcome availability() {
        Optional<Path> gh = findGh();
        if (gh.isEmpty()) {
            return new Outcome("gh_missing", null, "gh is not on PATH; install it (sudo apt-get install -y gh) or open the PR by hand");
        }
        Run r = run(gh.get(), List.of("auth", "status"));
        if (r.exit() != 0) {
            String why = firstLine(r.err().isBlank() ? r.out() : r.err());
            return new Outcome("gh_auth_missing", null, "gh auth status failed (exit " + r.exit() + "): " + why + "; run: gh auth login");
        }
        return new Outcome("ok", null, "gh authenticated");
    }

    /**
     * Waits (at most this instance's gh timeout) for a {@code gh pr create} an earlier, killed controller started and
     * that still runs on its own: its PR must be found by the listing, not made a second time.
     */
    public void awaitEarlierCreate(long pid, String startedAt) {
        ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().startInstant().map(t -> t.toString().equals(startedAt)).orElse(false))
                .ifPresent(p -> {
                    try {
                        p.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                        // still running after the timeout: the listing below decides, as it would have anyway
                    }
                });
    }

    /** Reuses an open PR whose head is the branch, else creates one; never duplicates. */
    public Outcome create(String repoSlug, String base, String branch, String title, Path bodyFile) {
        return create(repoSlug, base, branch, title, bodyFile, p -> { });
    }

    /** As {@link #create(String, String, String, String, Path)}; {@code creating} is told the {@code gh pr create} process. */
    public Outcome create(String repoSlug, String base, String branch, String title, Path bodyFile,
                          java.util.function.Consumer<ProcessHandle> creating) {
        Outcome avail = availability();
        if (!avail.state().equals("ok")) {
            return avail;
        }
        Path gh = findGh().orElseThrow();
        List<String> repo = repoSlug == null ? List.of() : List.of("--repo", repoSlug);
        List<String> list = new ArrayList<>(List.of("pr", "list", "--head", branch, "--state", "open", "--json", "url", "--jq", ".[0].url"));
        list.addAll(repo);
        Run existing = run(gh, list);
        if (existing.exit() == 0 && existing.out().strip().startsWith("http")) {
            return new Outcome("pr_reused", existing.out().strip(), "an open pull request for " + branch + " exists");
        }
        List<String> create = new ArrayList<>(List.of("pr", "create", "--base", base, "--head", branch, "--title", title,
                "--body-file", bodyFile.toString()));
        create.addAll(repo);
        Run made = run(gh, create, creating);
        String url = lastUrl(made.out());
        if (made.exit() != 0 || url == null) {
            return new Outcome("pr_create_failed", null, "gh pr create failed (exit " + made.exit() + "): "
                    + firstLine(made.err().isBlank() ? made.out() : made.err()));
        }
        return new Outcome("pr_created", url, "created");
    }

    private Run run(Path gh, List<String> args) {
        return run(gh, args, p -> { });
    }

    private Run run(Path gh, List<String> args, java.util.function.Consumer<ProcessHandle> started) {
        List<String> cmd = new ArrayList<>();
        cmd.add(gh.toString());
        cmd.addAll(args);
        try {
            // its output on pipes, drained as it comes, never in temporary files a killed controller would leave behind
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Map<String, String> e = pb.environment();
            e.clear();
            e.putAll(env);
            e.put("GH_PROMPT_DISABLED", "1");
            e.put("GH_NO_UPDATE_NOTIFIER", "1");
            e.put("NO_COLOR", "1");
            Process process = pb.start();
            started.accept(process.toHandle());
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            OptionalInt exit = BoundedProcess.waitFor(process, timeout);
            if (exit.isEmpty()) {
                return new Run(124, "", "gh " + String.join(" ", args.subList(0, Math.min(2, args.size()))) + " timed out after " + timeout.toSeconds() + " s");
            }
            return new Run(exit.getAsInt(), drained(out), drained(err));
        } catch (IOException e) {
            return new Run(127, "", "cannot run gh: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(130, "", "interrupted while running gh");
        }
    }

    /** Reads a stream of gh's to its end (at most {@link #MAX_OUTPUT} bytes kept) on a thread of its own. */
    private static CompletableFuture<String> drain(InputStream from) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (from) {
                byte[] kept = from.readNBytes(MAX_OUTPUT);
                from.transferTo(OutputStream.nullOutputStream());
                text.complete(new String(kept, StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                text.complete("");
            }
        }, "gh-output");
        t.setDaemon(true);
        t.start();
        return text;
    }

    /** What was drained once gh ended; a descendant of it that still holds the pipe open cuts it short. */
    private static String drained(CompletableFuture<String> text) throws InterruptedException {
        try {
            return text.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return "";
        }
    }

    private static String firstLine(String s) {
        String t = s == null ? "" : s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }

    private static String lastUrl(String out) {
        String url = null;
        for (String line : out.split("\n")) {
            if (line.strip().startsWith("http")) {
                url = line.strip();
            }
        }
        return url;
    }

    /** The GitHub compare URL for the branch, or null for a non-GitHub remote. */
    public static String compareUrl(String remoteUrl, String base, String branch) {
        String slug = Urls.githubSlug(remoteUrl);
        return slug == null ? null : "https://github.com/" + slug + "/compare/" + base + "..." + branch + "?expand=1";
    }

    /** The exact {@code gh pr create} command a person would run for this PR. */
    public static String suggestedCommand(String repoSlug, String base, String branch, String title, String bodyFile) {
        return "gh pr create" + (repoSlug == null ? "" : " --repo " + repoSlug) + " --base " + base + " --head " + branch
                + " --title '" + title.replace("'", "'\\''") + "' --body-file '" + bodyFile.replace("'", "'\\''") + "'";
    }
}
