package org.sth.automation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.transport.SecretSource;

/** What the run's ledgers redact for a host: every secret its chain reads from the environment. */
class EngineSecretsTest {

    @Test
    void aJumpPasswordAndAKeyPassphraseAreBothRedacted(@TempDir Path dir) {
        // given a password jump host in front of a target with an encrypted key
        AutomationConfig cfg = ConfigLoader.parse("""
                [auth_refs.jump_pw]
                type = "password_env"
                value = "JUMP_PW"

                [auth_refs.enc_key]
                type = "key_file"
                value = "keys/enc"
                passphrase_env = "KEY_PASS"

                [[hosts]]
                name = "t1"
                auth_ref = "enc_key"

                [hosts.transport]
                type = "jump_chain"

                [[hosts.transport.hops]]
                name = "jump"
                hostname = "10.0.0.2"
                auth_ref = "jump_pw"
                """, "test.toml", dir);
        Engine engine = new Engine((c, h) -> {
            throw new AssertionError("no connection in this test");
        }, SecretSource.of(Map.of("JUMP_PW", "pw-1", "KEY_PASS", "pass-2", "OTHER", "not-a-secret-here")));

        // when / then
        assertThat(engine.secretValues(cfg, cfg.host("t1").orElseThrow())).containsExactlyInAnyOrder("pw-1", "pass-2");
    }
}
