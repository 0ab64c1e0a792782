package org.sth.automation.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.OpenSshd;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.demo.KeyMaterial;

/**
 * Publishing to an {@code ssh://} remote served by a real OpenSSH sshd (git-receive-pack over SSH), the way
 * STH publishes to GitHub: JGit's Apache MINA SSH transport, with the operator's {@code ~/.ssh} key and
 * known_hosts (here a temporary home), and the remote's host key verified.
 */
class SshPublishIT {

    private static final PullRequests NO_GH = new PullRequests(Map.of("PATH", "/nonexistent-bin"), Duration.ofSeconds(30));

    @TempDir
    Path tmp;

    private OpenSshd sshd;
    private Path sshDir;

    @BeforeEach
    void sshRemote() throws Exception {
        Path home = tmp.resolve("operator-home");
        sshDir = Files.createDirectories(home.resolve(".ssh"));
        KeyMaterial key = KeyMaterial.generate(sshDir.resolve("id_ecdsa"), "operator");
        sshd = OpenSshd.start(tmp.resolve("sshd"), key.authorizedKeyLine(), tmp.resolve("server-home"));
        SshSessionFactory.setInstance(new SshdSessionFactoryBuilder().setHomeDirectory(home.toFile())
                .setSshDirectory(sshDir.toFile()).build(null));
    }

    @AfterEach
    void stop() {
        SshSessionFactory.setInstance(null);
        if (sshd != null) {
            sshd.close();
        }
    }

    private String sshUrl(PublishFixture f) {
        return "ssh://" + OpenSshd.USER + "@127.0.0.1:" + sshd.port() + f.bare.toAbsolutePath();
    }

    private static void setOrigin(Path repo, String url) throws Exception {
        try (Git g = Git.open(repo.toFile())) {
            StoredConfig c = g.getRepository().getConfig();
            c.setString("remote", "origin", "url", url);
            c.save();
        }
    }

    @Test
    void theResultBranchIsPushedOverSshAndVerified() throws Exception {
        // given the remote's host key known, and the local clone's origin on the ssh URL
        Files.writeString(sshDir.resolve("known_hosts"), sshd.knownHostsLine() + "\n");
        PublishFixture f = new PublishFixture(tmp.resolve("repos"));
        String url = sshUrl(f);
        setOrigin(f.local, url);
        AutomationConfig cfg = f.config(f.local, "push_local = true\nremote_url = \"" + url + "\"");

        // when
        PublishService.Result r = f.publish(cfg, NO_GH);

        // then
        assertThat(r.state().id()).as(r.entry().toString()).isEqualTo("pr_ready");
        String commit = r.entry().path("commit").asText();
        assertThat(r.entry().path("push_verified").asBoolean()).isTrue();
        assertThat(f.remoteBranch()).isEqualTo(commit);
    }

    @Test
    void anUnknownHostKeyRefusesThePushAndNothingReachesTheRemote() throws Exception {
        // given no known_hosts entry for the remote
        PublishFixture f = new PublishFixture(tmp.resolve("repos"));
        String url = sshUrl(f);
        setOrigin(f.local, url);
        AutomationConfig cfg = f.config(f.local, "push_local = true\nremote_url = \"" + url + "\"");

        // when
        PublishService.Result r = f.publish(cfg, NO_GH);

        // then
        assertThat(r.state().id()).isEqualTo("push_failed");
        assertThat(r.entry().path("error").asText()).contains("Server key did not validate");
        assertThat(r.entry().path("hint").asText()).contains("is not in ~/.ssh/known_hosts", "ssh-keyscan", "resume");
        assertThat(f.remoteBranch()).isNull();
    }
}
