package org.sth.automation.phase.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.AutomationException;

/** The embedded broker's credentials: generated once per work root, owner-only, shared by its controllers, never shown. */
class BrokerCredentialsTest {

    @Test
    void generatedOncePerWorkRootOwnerOnlyAndReadBackByEveryController(@TempDir Path work) throws Exception {
        // given a work root whose embedded broker never ran
        assertThat(BrokerCredentials.read(work)).isEmpty();

        // when the embedded broker starts
        BrokerCredentials made = BrokerCredentials.createOrRead(work);

        // then a long random password is stored owner-only, in an owner-only folder, and every controller reads the same
        Path file = work.resolve(BrokerCredentials.FILE);
        assertThat(made.password()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(BrokerCredentials.read(work)).contains(made);
        assertThat(BrokerCredentials.createOrRead(work)).isEqualTo(made);
        assertThat(made.toString()).doesNotContain(made.password());
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary copy left").containsExactly(file);
        }
    }

    @Test
    void aCredentialsFileOtherAccountsCanReadIsRefusedWithoutShowingThePassword(@TempDir Path work) throws Exception {
        // given stored credentials that someone made readable by everybody
        BrokerCredentials made = BrokerCredentials.createOrRead(work);
        Path file = work.resolve(BrokerCredentials.FILE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        // when a controller reads them, then it refuses, naming the file and the fix, and not the password
        assertThatThrownBy(() -> BrokerCredentials.read(work)).isInstanceOf(AutomationException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("rw-r--r--").hasMessageContaining("delete the file")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(made.password()));
        assertThatThrownBy(() -> BrokerCredentials.createOrRead(work)).isInstanceOf(AutomationException.class);
    }
}
