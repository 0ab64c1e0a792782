package org.sth.automation.validate;

import java.nio.file.Files;
import java.nio.file.Path;
import org.sth.automation.config.AuthRef;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.transport.SecretSource;

/** How a hop authenticates, said without the secret: for {@code validate --scope config} and {@code run --dry-run}. */
public final class AuthSummary {

    private AuthSummary() {
    }

    /** e.g. {@code password_env STH_JUMPBOX_PASSWORD (set, ****)}; never the secret. */
    public static String describe(AutomationConfig cfg, String ref, SecretSource secrets) {
        if (ref == null) {
            return "no auth_ref: as OpenSSH (ssh-agent " + secrets.env("SSH_AUTH_SOCK").filter(v -> !v.isEmpty())
                    .map(v -> Files.exists(Path.of(v)) ? "at " + v : "at " + v + " MISSING").orElse("not set")
                    + ", then ~/.ssh/config IdentityFile or ~/.ssh/id_ed25519, id_ecdsa, id_rsa)";
        }
        AuthRef a = cfg.authRefs().get(ref);
        if (a == null) {
            return "auth_ref " + ref + " (missing)";
        }
        return switch (a.type()) {
            case PASSWORD_ENV -> "password_env " + a.value() + secret(secrets, a.value());
            case KEY_FILE -> "key_file " + a.value() + (Files.isReadable(Path.of(a.value())) ? " (readable)" : " (MISSING)")
                    + (a.passphraseEnv() == null ? "" : ", passphrase_env " + a.passphraseEnv()
                            + secret(secrets, a.passphraseEnv()));
            case AGENT -> "agent via SSH_AUTH_SOCK" + secrets.env("SSH_AUTH_SOCK").filter(v -> !v.isEmpty())
                    .map(v -> Files.exists(Path.of(v)) ? " (" + v + ")" : " (" + v + ": MISSING)").orElse(" (NOT SET)");
        };
    }

    /**
     * Whether a secret variable holds something: an empty value is refused at connect time exactly like an unset one
     * ({@code missing_secret_env}), so it is never reported as set.
     */
    private static String secret(SecretSource secrets, String variable) {
        return secrets.env(variable).map(v -> v.isEmpty() ? " (EMPTY: refused like an unset variable; export the secret in it)"
                : " (set, ****)").orElse(" (NOT SET)");
    }
}
