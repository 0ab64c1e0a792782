package org.sth.automation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.run.status.Phase;

class HostHoldersTest {

    @Test
    void aHostIsHeldByOneRunUntilReleased(@TempDir Path dir) throws Exception {
        // given r1's message waits in a spool
        WorkDirs dirs = new WorkDirs(dir);
        HostHolders holders = new HostHolders(dirs);
        Files.createDirectories(dirs.spool(Phase.STAGE));
        Files.writeString(dirs.spool(Phase.STAGE).resolve("r1.json"), "{}");

        // when
        HostHolders.Admission first = holders.admit("h1", "r1", dir.resolve("runs/r1"));
        HostHolders.Admission second = holders.admit("h1", "r2", dir.resolve("runs/r2"));

        // then
        assertThat(first.admitted()).isTrue();
        assertThat(second.admitted()).isFalse();
        assertThat(second.holder()).isEqualTo("r1");
        assertThat(holders.admit("h1", "r1", dir.resolve("runs/r1")).admitted()).isTrue();
        holders.release("h1", "r2");
        assertThat(holders.holder("h1")).contains("r1");
        holders.release("h1", "r1");
        assertThat(holders.admit("h1", "r2", dir.resolve("runs/r2")).admitted()).isTrue();
    }

    @Test
    void withFileSpoolsAHolderWithoutAMessageInAnySpoolIsTakenOver(@TempDir Path dir) throws Exception {
        // given r1 holds h1 and has a message in the execute spool
        WorkDirs dirs = new WorkDirs(dir);
        HostHolders holders = new HostHolders(dirs);
        holders.admit("h1", "r1", dir.resolve("runs/r1"));
        Files.createDirectories(dirs.spool(Phase.EXECUTE));
        Files.writeString(dirs.spool(Phase.EXECUTE).resolve("r1.json"), "{}");
        assertThat(holders.admit("h1", "r2", dir.resolve("runs/r2")).admitted()).isFalse();

        // when its message is gone (its controller died after parking it, before releasing the host)
        Files.delete(dirs.spool(Phase.EXECUTE).resolve("r1.json"));
        HostHolders.Admission a = holders.admit("h1", "r2", dir.resolve("runs/r2"));

        // then
        assertThat(a.admitted()).isTrue();
        assertThat(a.takenOverFrom()).isEqualTo("r1");
        assertThat(holders.holder("h1")).contains("r2");
    }

    @Test
    void withABrokerAHolderIsStaleOnlyOnceItsRunIsFinishedOrParked(@TempDir Path dir) throws Exception {
        // given r1, running, holds h1 (its message is in the broker: no spool file says anything)
        HostHolders holders = new HostHolders(new WorkDirs(dir), true);
        Path r1 = Files.createDirectories(dir.resolve("runs/r1"));
        Files.writeString(r1.resolve("status.json"), "{\"state\": \"running\"}");
        assertThat(holders.admit("h1", "r1", r1).admitted()).isTrue();
        assertThat(Files.readString(dir.resolve("hosts/h1.holder"))).contains("r1", r1.toAbsolutePath().toString());

        // when r2 asks while r1 runs, while r1 is interrupted (its message delivered again records that before resuming),
        // and again once r1 is parked in recovery
        HostHolders.Admission whileRunning = holders.admit("h1", "r2", dir.resolve("runs/r2"));
        Files.writeString(r1.resolve("status.json"), "{\"state\": \"interrupted\"}");
        HostHolders.Admission whileInterrupted = holders.admit("h1", "r2", dir.resolve("runs/r2"));
        Files.writeString(r1.resolve("status.json"), "{\"state\": \"recovery\"}");
        HostHolders.Admission afterwards = holders.admit("h1", "r2", dir.resolve("runs/r2"));

        // then
        assertThat(whileRunning.admitted()).isFalse();
        assertThat(whileRunning.holder()).isEqualTo("r1");
        assertThat(whileInterrupted.admitted()).isFalse();
        assertThat(afterwards.admitted()).isTrue();
        assertThat(afterwards.takenOverFrom()).isEqualTo("r1");
    }
}
