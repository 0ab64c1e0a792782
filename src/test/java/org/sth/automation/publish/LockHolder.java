package org.sth.automation.publish;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Another engine process, as far as a lock file can tell: takes the OS lock on {@code args[0]}, says "held", holds it until killed. */
public final class LockHolder {

    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.lock();
            System.out.println("held");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
