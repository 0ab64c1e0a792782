package org.sth.automation.phase.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sth.automation.AutomationException;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigException;
import org.sth.automation.config.EffectiveConfig;
import org.sth.automation.io.Json;

/**
 * One config per work root: every controller and every one-shot verb of a work root runs the same effective config
 * ({@link EffectiveConfig}). The first one to start while no other runs records its config in
 * {@code <work>/cluster/config.json} (path, digest, every setting); while any of them runs (each holds a shared OS lock
 * on {@code cluster/config.lock} until it stops), one with another config is refused with both paths and what differs,
 * never run under the config of the others. When the last one stops, the next start may bring a new config.
 */
public final class WorkRootConfig implements AutoCloseable {

    /** This JVM's members per work root: the OS lock is per process, so controllers of one JVM share one. */
    private static final Map<Path, WorkRootConfig> MEMBERS = new HashMap<>();

    private final Path root;
    private final EffectiveConfig config;
    private final Path source;
    private final FileChannel channel;
    private final FileLock shared;
    private int users = 1;

    private WorkRootConfig(Path root, EffectiveConfig config, Path source, FileChannel channel, FileLock shared) {
        this.root = root;
        this.config = config;
        this.source = source;
        this.channel = channel;
        this.shared = shared;
    }

    /**
     * Joins the controllers of {@code workRoot} with {@code config}; close it when this controller or verb stops.
     *
     * @throws ConfigException when the controllers running now use another config (exit 2)
     */
    public static synchronized WorkRootConfig join(Path workRoot, AutomationConfig config) {
        Path root = workRoot.toAbsolutePath().normalize();
        EffectiveConfig mine = EffectiveConfig.of(config);
        Path source = config.source().toAbsolutePath().normalize();
        WorkRootConfig member = MEMBERS.get(root);
        if (member != null) {
            member.refuseIfOther(mine, source, member.config, member.source, "running in this process");
            member.users++;
            return member;
        }
        Path dir = root.resolve("cluster");
        try {
            Files.createDirectories(dir);
            try (FileChannel mutex = FileChannel.open(dir.resolve("config.mutex"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock turn = mutex.lock()) {
                FileChannel ch = FileChannel.open(dir.resolve("config.lock"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                try {
                    FileLock alone = ch.tryLock();
                    if (alone != null) {
                        // nobody runs on this work root: this config is the one from now on
                        Json.writeAtomically(dir.resolve("config.json"), record(mine, source));
                        alone.release();
                    } else {
                        ObjectNode recorded = Json.readObject(dir.resolve("config.json"));
                        Map<String, String> settings = new HashMap<>();
                        recorded.path("settings").fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
                        refuse(root, mine, source, EffectiveConfig.of(settings), Path.of(recorded.path("config").asText()),
                                "recorded by " + recorded.path("controller").asText() + " at " + recorded.path("at").asText());
                    }
                    member = new WorkRootConfig(root, mine, source, ch, ch.lock(0, Long.MAX_VALUE, true));
                } catch (RuntimeException | IOException e) {
                    ch.close();
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new AutomationException("Cannot record the config of work root " + root + " in " + dir + ": " + e.getMessage()
                    + " (fix: the work root must be writable, on a file system with working locks)", e);
        }
        MEMBERS.put(root, member);
        return member;
    }

    private static ObjectNode record(EffectiveConfig config, Path source) {
        ObjectNode r = Json.object().put("schema_version", 1).put("config", source.toString()).put("digest", config.digest())
                .put("controller", ProcessHandle.current().pid() + "@" + host()).put("at", Instant.now().toString());
        ObjectNode settings = r.putObject("settings");
        config.settings().forEach(settings::put);
        return r;
    }

    private void refuseIfOther(EffectiveConfig mine, Path source, EffectiveConfig theirs, Path theirSource, String how) {
        refuse(root, mine, source, theirs, theirSource, how);
    }

    private static void refuse(Path root, EffectiveConfig mine, Path source, EffectiveConfig theirs, Path theirSource, String how) {
        if (mine.digest().equals(theirs.digest())) {
            return;
        }
        List<String> diff = mine.differences(theirs, "here", "there");
        String shown = String.join("; ", diff.subList(0, Math.min(diff.size(), 12))) + (diff.size() > 12 ? "; … (" + diff.size() + " settings differ)" : "");
        throw new ConfigException(source.toString(), "(whole config)", "the controllers of work root " + root + " run another config: "
                + theirSource + " (digest " + theirs.digest().substring(0, 12) + ", " + how + "), this one is " + source + " (digest "
                + mine.digest().substring(0, 12) + "); what differs: " + shown, "run with --config " + theirSource
                + ", or stop every controller of " + root + " before changing its config; a work root runs one config");
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Leaves: once the last controller of this process is gone, its shared lock on the work root's config is released. */
    @Override
    public void close() {
        synchronized (WorkRootConfig.class) {
            if (--users > 0) {
                return;
            }
            MEMBERS.remove(root, this);
            try {
                shared.release();
                channel.close();
            } catch (IOException ignored) {
                // the process is leaving; the OS drops the lock with it
            }
        }
    }
}
