package org.sth.automation.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/** Runs one SSH exec request as a real local {@code /bin/sh -c} process, streams and exit status wired. */
final class ProcessCommand implements Command {

    private final String command;
    private final Path home;
    private final Path pathPrefix;
    private final String path;
    private final Path tmpDir;
    private final Consumer<ChannelSession> onStart;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exitCallback;
    private volatile Process process;

    ProcessCommand(String command, Path home, Path pathPrefix, String path, Path tmpDir, Consumer<ChannelSession> onStart) {
        this.command = command;
        this.home = home;
        this.pathPrefix = pathPrefix;
        this.path = path;
        this.tmpDir = tmpDir;
        this.onStart = onStart;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exitCallback = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command);
        pb.environment().putAll(env.getEnv());
        if (home != null) {
            Files.createDirectories(home);
            pb.environment().put("HOME", home.toString());
            pb.directory(home.toFile());
        }
        if (tmpDir != null) {
            Files.createDirectories(tmpDir);
            pb.environment().put("TMPDIR", tmpDir.toString());
        }
        if (path != null) {
            pb.environment().put("PATH", path);
        }
        if (pathPrefix != null) {
            pb.environment().merge("PATH", pathPrefix.toString(), (old, dir) -> dir + ":" + old);
        }
        process = pb.start();
        Thread stdinPump = daemon("stdin", () -> pumpStdin(process));
        Thread stdoutPump = daemon("stdout", () -> pump(process.getInputStream(), out));
        Thread stderrPump = daemon("stderr", () -> pump(process.getErrorStream(), err));
        daemon("wait", () -> {
            try {
                // Java reports 128+signal for a process killed by a signal, so a status is always sent
                int status = process.waitFor();
                stdoutPump.join(TimeUnit.SECONDS.toMillis(10));
                stderrPump.join(TimeUnit.SECONDS.toMillis(10));
                stdinPump.interrupt();
                exitCallback.onExit(status);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        onStart.accept(channel);
    }

    private void pumpStdin(Process p) {
        try (OutputStream target = p.getOutputStream()) {
            byte[] buf = new byte[32 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                target.write(buf, 0, n);
                target.flush();
            }
        } catch (IOException e) {
            // the process closed its stdin or the channel went away: nothing left to feed
        }
    }

    private static void pump(InputStream from, OutputStream to) {
        try (from) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = from.read(buf)) >= 0; ) {
                to.write(buf, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // channel closed while the process was still writing
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, "loopback-ssh-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void destroy(ChannelSession channel) {
        Process p = process;
        if (p != null && p.isAlive()) {
            // closing the channel must not leave orphans behind: TERM first, as a hang-up would, so a shell that cleans up
            // on its way out does (the engine's runner ends its commands and removes its private directory), then KILL
            // whatever of the tree is left (the runner's own clean-up waits a second between TERM and KILL of its commands)
            java.util.List<ProcessHandle> tree = p.descendants().toList();
            p.destroy();
            // the server's stop interrupts its threads, this one among them: the wait goes on all the same (bounded),
            // or the runner would be killed before its clean-up and leave its private directory behind
            boolean interrupted = false;
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
            while (p.isAlive() && System.nanoTime() < until) {
                try {
                    p.waitFor(until - System.nanoTime(), java.util.concurrent.TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            tree.forEach(ProcessHandle::destroyForcibly);
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
