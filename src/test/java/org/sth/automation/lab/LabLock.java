package org.sth.automation.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One lab test class at a time across the suite's parallel test JVMs: the lab's namespaces, links and users have fixed
 * names, so {@code lab/up} of one class would tear down another's. Taken before the class's own {@code @BeforeAll} (its
 * {@code lab/up}), released after its {@code @AfterAll}: the build's own lock ({@code target/lab.lock}), then the
 * machine's ({@code /tmp/sth-lab.lock}, the one {@code scripts/faults/run-faults --lab} and other checkouts take with
 * {@code flock(1)}; a BSD lock, which Java's file locks do not see, so a {@code flock} process holds it for the class).
 */
public final class LabLock implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LabLock.class);
    static final String MACHINE_LOCK = "/tmp/sth-lab.lock";

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        Path file = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "lab.lock");
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        // waits for the class that holds the lab (a lab class takes a few minutes at most)
        FileLock lock = channel.lock();
        context.getStore(NS).put("channel", channel);
        context.getStore(NS).put("lock", lock);
        if ("1".equals(System.getenv("STH_LAB_LOCK_HELD"))) {
            // scripts/faults/run-faults holds it for the whole run
            return;
        }
        // holds the machine's lock until its stdin closes (afterAll, or this JVM's end)
        Process holder = new ProcessBuilder("flock", MACHINE_LOCK, "sh", "-c", "echo locked; exec cat >/dev/null")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        context.getStore(NS).put("holder", holder);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            if (!"locked".equals(out.readLine())) {
                throw new IOException("flock " + MACHINE_LOCK + " ended without taking the lock");
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException, InterruptedException {
        Process holder = context.getStore(NS).remove("holder", Process.class);
        if (holder != null) {
            holder.getOutputStream().close();
            if (!holder.waitFor(30, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
        FileChannel channel = context.getStore(NS).remove("channel", FileChannel.class);
        if (channel != null) {
            channel.close();
        }
    }
}
