package org.sth.automation.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlsTest {

    @Test
    void userInfoIsMaskedInUrlsAndMessages() {
        // given
        String url = "https://bot:ghp_secret123@github.com/STH-Dev/STH-System-Info.git";

        // when
        String masked = Urls.masked(url);
        String message = Urls.maskIn("push to " + url + " failed for ghp_secret123", url);

        // then
        assertThat(masked).isEqualTo("https://***@github.com/STH-Dev/STH-System-Info.git");
        assertThat(message).doesNotContain("ghp_secret123").contains("https://***@github.com/");
    }

    @Test
    void githubSlugsFromEveryRemoteForm() {
        // given / when / then
        assertThat(Urls.githubSlug("git@github.com:STH-Dev/STH-System-Info.git")).isEqualTo("STH-Dev/STH-System-Info");
        assertThat(Urls.githubSlug("https://github.com/STH-Dev/STH-System-Info")).isEqualTo("STH-Dev/STH-System-Info");
        assertThat(Urls.githubSlug("ssh://git@github.com/STH-Dev/STH-System-Info.git/")).isEqualTo("STH-Dev/STH-System-Info");
        assertThat(Urls.githubSlug("file:///srv/git/results.git")).isNull();
    }

    @Test
    void compareUrlAndSuggestedCommandForAGithubRemote() {
        // given
        String remote = "git@github.com:STH-Dev/STH-System-Info.git";

        // when
        String compare = PullRequests.compareUrl(remote, "main", "automation/evo-x2/system-info/20260425T212324Z");
        String cmd = PullRequests.suggestedCommand("STH-Dev/STH-System-Info", "main", "automation/evo-x2/system-info/20260425T212324Z",
                "Publish system-info results for evo-x2 (20260425T212324Z)", "/runs/x/pr_body.md");

        // then
        assertThat(compare).isEqualTo("https://github.com/STH-Dev/STH-System-Info/compare/main...automation/evo-x2/system-info/20260425T212324Z?expand=1");
        assertThat(cmd).isEqualTo("gh pr create --repo STH-Dev/STH-System-Info --base main --head automation/evo-x2/system-info/20260425T212324Z"
                + " --title 'Publish system-info results for evo-x2 (20260425T212324Z)' --body-file '/runs/x/pr_body.md'");
        assertThat(PullRequests.compareUrl("file:///srv/git/results.git", "main", "b")).isNull();
    }

    @Test
    void remoteUrlsCompareLoosely() {
        // given / when / then
        assertThat(Pusher.normalize("/srv/git/results.git")).isEqualTo(Pusher.normalize("file:///srv/git/results/"));
        assertThat(Pusher.normalize("git@github.com:STH-Dev/STH-System-Info.git")).isEqualTo(Pusher.normalize("git@github.com:sth-dev/sth-system-info"));
        assertThat(Pusher.normalize("git@github.com:STH-Dev/Other.git")).isNotEqualTo(Pusher.normalize("git@github.com:STH-Dev/STH-System-Info.git"));
    }
}
