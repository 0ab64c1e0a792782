package org.sth.automation.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.run.RunLayout;
import org.sth.automation.run.RunPlan;
import org.sth.automation.run.RunStore;

/** A real bare repository as the remote, a local clone of it as {@code [paths] system_info_repo}, and a run directory holding real system-info results. */
final class PublishFixture {

    static final String HOST = "evo-x2";
    static final String STAMP = "20260425T212324Z";
    static final String BRANCH = "automation/evo-x2/system-info/20260425T212324Z";

    final Path root;
    final Path bare;
    final Path local;
    final RunLayout layout;
    final RunPlan plan;
    final List<String> events = new ArrayList<>();

    PublishFixture(Path root) throws IOException, GitAPIException, URISyntaxException {
        this.root = root;
        bare = root.resolve("remote/STH-System-Info.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        Path seed = root.resolve("seed");
        try (Git g = Git.init().setInitialBranch("main").setDirectory(seed.toFile()).call()) {
            AtomicFiles.write(seed.resolve("README.md"), "# STH System Info results\n");
            g.add().addFilepattern("README.md").call();
            g.commit().setMessage("Initial").setAuthor("seed", "seed@localhost").setCommitter("seed", "seed@localhost").setSign(false).call();
            g.push().setRemote(bareUrl()).add("main").call();
        }
        local = root.resolve("STH-System-Info");
        Git.cloneRepository().setURI(bareUrl()).setDirectory(local.toFile()).call().close();

        plan = new RunPlan(HOST + "-" + STAMP, null, HOST, List.of("system-info"), root.resolve("lab.toml").toString(),
                root.resolve("work").toString(), Instant.parse("2026-04-25T21:23:24Z"));
        RunStore store = RunStore.create(root.resolve("runs/2026-04-25/" + HOST + "/" + STAMP), plan, Duration.ofSeconds(5));
        layout = store.layout();
        Path real = Path.of(PublishFixture.class.getResource("/realdata/01-sth-system-info/evo-x2").toURI());
        StagingTree.copy(real, layout.benchmarkDir("system-info"));
    }

    String bareUrl() {
        return bare.toUri().toString();
    }

    /** Writes and loads a config with the repo mapping and the given {@code [publish.system-info]} body. */
    AutomationConfig config(Path repo, String publishBody) {
        Path cfg = root.resolve("lab.toml");
        AtomicFiles.write(root.resolve("id_test"), "not a key; publish never reads it\n");
        AtomicFiles.write(cfg, """
                [paths]
                runs_root = "runs"
                work_root = "work"
                system_info_repo = "%s"

                [auth_refs.k]
                type = "key_file"
                value = "id_test"

                [[hosts]]
                name = "evo-x2"
                hostname = "127.0.0.1"
                username = "nobody"
                auth_ref = "k"

                [publish.system-info]
                %s
                """.formatted(repo.toString(), publishBody));
        return ConfigLoader.load(cfg);
    }

    AdapterSpec spec() {
        return Adapters.builtIns().require("system-info").spec();
    }

    PublishService service(PullRequests prs) {
        return new PublishService(prs, (event, fields) -> events.add(event + ":" + fields.path("state").asText(fields.path("commit").asText())));
    }

    PublishService.Result publish(AutomationConfig cfg, PullRequests prs) {
        return service(prs).publish(cfg, layout, plan, spec().publishSubject());
    }

    /** The bare remote's branch commit, or null. */
    String remoteBranch() throws IOException {
        try (Git g = Git.open(bare.toFile())) {
            ObjectId id = g.getRepository().resolve("refs/heads/" + BRANCH);
            return id == null ? null : id.name();
        }
    }

    long pushes() {
        return events.stream().filter(e -> e.startsWith("publish_pushed")).count();
    }

    static ObjectNode ledgerEntry(RunLayout layout) {
        return new PublishLedger(layout).entry("system-info");
    }
}
