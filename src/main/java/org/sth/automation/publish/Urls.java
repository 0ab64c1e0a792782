package org.sth.automation.publish;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Remote URLs as they may be shown: user info (tokens, passwords) replaced by {@code ***}; GitHub slugs and compare links. */
public final class Urls {

    private static final Pattern USERINFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@]+)@");
    private static final Pattern GITHUB = Pattern.compile("^(?:git@github\\.com:|ssh://git@github\\.com/|https://(?:[^/@]+@)?github\\.com/)([^/]+)/([^/]+?)(?:\\.git)?/?$");

    private Urls() {
    }

    public static String masked(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = USERINFO.matcher(url);
        return m.find() ? m.group(1) + "***@" + url.substring(m.end()) : url;
    }

    /** Replaces the URL (and its user info) in a message by its masked form. */
    public static String maskIn(String message, String url) {
        if (message == null || url == null) {
            return message;
        }
        String out = message.replace(url, masked(url));
        Matcher m = USERINFO.matcher(url);
        if (!m.find()) {
            return out;
        }
        String userInfo = m.group(2);
        out = out.replace(userInfo, "***");
        int colon = userInfo.indexOf(':');
        return colon < 0 || colon == userInfo.length() - 1 ? out : out.replace(userInfo.substring(colon + 1), "***");
    }

    /** {@code owner/repo} for a GitHub remote URL, else null. */
    public static String githubSlug(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = GITHUB.matcher(url.strip());
        return m.matches() ? m.group(1) + "/" + m.group(2) : null;
    }
}
