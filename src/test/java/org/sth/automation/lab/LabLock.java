package org.sth.automation.lab;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One lab test class at a time across the suite's parallel test JVMs: the lab's namespaces, links and users have fixed
 * names, so {@code lab/up} of one class would tear down another's. Taken before the class's own {@code @BeforeAll} (its
 * {@code lab/up}), released after its {@code @AfterAll}: the build's own lock ({@code target/lab.lock}), then the
 * machine's ({@code /tmp/sth-lab.lock}, which {@code scripts/faults/run-faults --lab} and other checkouts' builds take).
 */
public final class LabLock implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LabLock.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path file = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "lab.lock");
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        // waits for the class that holds the lab (a lab class takes a few minutes at most)
        FileLock lock = channel.lock();
        context.getStore(NS).put("channel", channel);
        context.getStore(NS).put("lock", lock);
        FileChannel machine = FileChannel.open(Path.of("/tmp/sth-lab.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        context.getStore(NS).put("machine", machine);
        machine.lock();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        for (String key : new String[] {"machine", "channel"}) {
            FileChannel channel = context.getStore(NS).remove(key, FileChannel.class);
            if (channel != null) {
                channel.close();
            }
        }
    }
}
