package org.sth.automation.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {

    @Test
    void masksEverySecretLongestFirst() {
        // given
        SecretRedactor r = new SecretRedactor(Set.of("abc", "abcdef", ""));
        // when
        String out = r.redact("x abcdef y abc z");
        // then
        assertThat(out).isEqualTo("x **** y **** z");
    }

    @Test
    void masksStdinWholeAndPerLine() {
        // given
        SecretRedactor r = SecretRedactor.none().with("hunter2\nsecond-line\n".getBytes(StandardCharsets.UTF_8));
        // when
        String out = r.redact("echo hunter2 | sudo -S true; echo second-line");
        // then
        assertThat(out).doesNotContain("hunter2").doesNotContain("second-line");
    }

    @Test
    void leavesTextWithoutSecretsAlone() {
        // when
        String out = SecretRedactor.none().with(null).redact("uname -a");
        // then
        assertThat(out).isEqualTo("uname -a");
    }

    @org.junit.jupiter.api.Test
    void bytesThatAreNotUtf8PassThroughUnchangedButForTheMask() {
        // given binary output around a secret
        byte[] raw = {(byte) 0xff, (byte) 0xfe, 's', '3', 'c', 'r', 'e', 't', (byte) 0x80, 0};

        // when
        byte[] out = new SecretRedactor(java.util.Set.of("s3cret")).redact(raw);

        // then
        org.assertj.core.api.Assertions.assertThat(out).containsExactly((byte) 0xff, (byte) 0xfe, '*', '*', '*', '*', (byte) 0x80, 0);
    }
}
