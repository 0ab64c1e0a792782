package org.sth.automation.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A named credential reference from {@code [auth_refs.NAME]}. The value is an environment
 * variable name ({@code password_env}), a key file path ({@code key_file}) or unused
 * ({@code agent}); it is never the secret itself. {@code passphraseEnv} names the environment variable holding
 * an encrypted {@code key_file}'s passphrase (null when the key is not encrypted).
 */
public record AuthRef(String name, Type type, String value, String passphraseEnv) {

    public AuthRef(String name, Type type, String value) {
        this(name, type, value, null);
    }

    /** How the secret is obtained. */
    public enum Type {
        PASSWORD_ENV("password_env"),
        KEY_FILE("key_file"),
        AGENT("agent");

        private final String tomlName;

        Type(String tomlName) {
            this.tomlName = tomlName;
        }

        public String tomlName() {
            return tomlName;
        }

        public static Type fromToml(String value) {
            for (Type t : values()) {
                if (t.tomlName.equals(value)) {
                    return t;
                }
            }
            return null;
        }
    }

    /** The environment variables whose values are secrets (a password, a key's passphrase), for redaction. */
    public List<String> secretVariables() {
        List<String> vars = new ArrayList<>();
        if (type == Type.PASSWORD_ENV && value != null) {
            vars.add(value);
        }
        if (passphraseEnv != null) {
            vars.add(passphraseEnv);
        }
        return vars;
    }

    /** A masked, loggable description, e.g. {@code password_env STH_JUMPBOX_PASSWORD}. */
    public String describe() {
        return type.tomlName() + (value == null || value.isEmpty() ? "" : " " + value)
                + (passphraseEnv == null ? "" : " (passphrase from " + passphraseEnv + ")");
    }
}
