package org.sth.automation.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.transport.SecretSource;

/** How {@code validate --scope config} and {@code run --dry-run} say a hop authenticates: never the secret, never "set" when empty. */
class AuthSummaryTest {

    private static final AutomationConfig CONFIG = ConfigLoader.parse("""
            [auth_refs.jump]
            type = "password_env"
            value = "STH_JUMPBOX_PASSWORD"

            [[hosts]]
            name = "h1"
            hostname = "192.0.2.10"
            auth_ref = "jump"
            """, "lab.toml", Path.of("."));

    @Test
    void anEmptySecretVariableIsNotReportedAsSet() {
        // given STH_JUMPBOX_PASSWORD="" (connect refuses it as missing_secret_env)
        SecretSource empty = SecretSource.of(Map.of("STH_JUMPBOX_PASSWORD", ""));

        // when
        String said = AuthSummary.describe(CONFIG, "jump", empty);

        // then
        assertThat(said).contains("password_env STH_JUMPBOX_PASSWORD (EMPTY").doesNotContain("(set, ****)");
    }

    @Test
    void aSetSecretIsMaskedAndAnUnsetOneSaysSo() {
        // given / when
        String set = AuthSummary.describe(CONFIG, "jump", SecretSource.of(Map.of("STH_JUMPBOX_PASSWORD", "hunter2")));
        String unset = AuthSummary.describe(CONFIG, "jump", SecretSource.of(Map.of()));

        // then
        assertThat(set).endsWith("(set, ****)").doesNotContain("hunter2");
        assertThat(unset).endsWith("(NOT SET)");
    }
}
