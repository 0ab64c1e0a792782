package org.sth.automation.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.File;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.config.AuthRef;
import org.sth.automation.demo.LoopbackSshServer;

/** A passphrase-protected key file made by OpenSSH's ssh-keygen, its passphrase read from {@code passphrase_env}. */
class EncryptedKeyIT {

    private static final String PASSPHRASE = "key-Pass-" + System.nanoTime();
    private static final String VAR = "STH_TEST_KEY_PASSPHRASE";

    @TempDir
    Path tmp;

    private SshFixture fx;
    private LoopbackSshServer target;
    private Path key;

    @BeforeEach
    void encryptedKeyAndAServerThatTrustsIt() throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/ssh-keygen").canExecute(), "needs OpenSSH's ssh-keygen");
        fx = new SshFixture(tmp);
        key = tmp.resolve("enc_ed25519");
        Process p = new ProcessBuilder("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", PASSPHRASE, "-C", "enc", "-f", key.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        PublicKey pub = AuthorizedKeyEntry.readAuthorizedKeys(Path.of(key + ".pub")).get(0)
                .resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
        target = LoopbackSshServer.start(LoopbackSshServer.Options.keys(tmp.resolve("servers/enc"), pub).withHome(tmp.resolve("home")));
        fx.servers.add(target);
        fx.trust(target);
        fx.authRefs.put("enc", new AuthRef("enc", AuthRef.Type.KEY_FILE, key.toString(), VAR));
        fx.authRefs.put("enc_nopass", new AuthRef("enc_nopass", AuthRef.Type.KEY_FILE, key.toString()));
    }

    @AfterEach
    void close() {
        if (fx != null) {
            fx.close();
        }
    }

    private TransportException failureWith(String authRef) {
        return catchThrowableOfType(() -> fx.transport().open(SshFixture.host("t1", target, authRef)), TransportException.class);
    }

    @Test
    void thePassphraseFromTheEnvironmentUnlocksTheKeyAndIsNeverRecorded() throws Exception {
        // given
        fx.env.put(VAR, PASSPHRASE);

        // when
        String out;
        try (RemoteSession s = fx.transport().open(SshFixture.host("t1", target, "enc"))) {
            out = s.exec(RemoteCommand.of("echo unlocked; echo " + PASSPHRASE, Duration.ofSeconds(30), "test/enc")).stdoutText();
        }

        // then the command ran, and even a command echoing the passphrase leaves only the mask in the ledger view
        assertThat(out).startsWith("unlocked\n");
        assertThat(fx.listener.everything()).contains("unlocked").doesNotContain(PASSPHRASE).contains(SecretRedactor.MASK);
    }

    @Test
    void aWrongPassphraseIsAKeyFileFailureThatDoesNotEchoIt() {
        // given
        String wrong = "not-" + PASSPHRASE;
        fx.env.put(VAR, wrong);

        // when
        TransportException e = failureWith("enc");

        // then
        assertThat(e.failureClass()).isEqualTo(FailureClass.MISSING_KEY_FILE);
        assertThat(e.getMessage()).contains(key.toString(), "wrong passphrase in " + VAR).doesNotContain(wrong);
        assertThat(target.connectionCount()).isZero();
    }

    @Test
    void anEncryptedKeyWithoutPassphraseEnvSaysHowToFixIt() {
        // when
        TransportException e = failureWith("enc_nopass");

        // then
        assertThat(e.failureClass()).isEqualTo(FailureClass.MISSING_KEY_FILE);
        assertThat(e.getMessage()).contains("passphrase_env", "type = \"agent\"");
    }

    @Test
    void anUnsetPassphraseVariableIsAMissingSecretEnvBeforeAnyConnection() {
        // when
        TransportException e = failureWith("enc");

        // then
        assertThat(e.failureClass()).isEqualTo(FailureClass.MISSING_SECRET_ENV);
        assertThat(e.getMessage()).contains(VAR);
        assertThat(target.connectionCount()).isZero();
    }
}
