package org.sth.automation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.sth.automation.demo.KeyMaterial;

/**
 * A real OpenSSH {@code sshd} started as a child process on a free loopback port, accepting one public key for
 * the current user (tests are skipped where sshd is not installed). Its login shell is the user's own.
 */
public final class OpenSshd implements AutoCloseable {

    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    public static final String USER = System.getProperty("user.name");

    private final Process process;
    private final int port;
    private final KeyMaterial hostKey;

    private OpenSshd(Process process, int port, KeyMaterial hostKey) {
        this.process = process;
        this.port = port;
        this.hostKey = hostKey;
    }

    /** Starts sshd with its files under {@code dir}, accepting {@code authorizedKeyLine}; {@code home} is the sessions' HOME. */
    public static OpenSshd start(Path dir, String authorizedKeyLine, Path home) throws IOException {
        return start(dir, authorizedKeyLine, home, new String[0]);
    }

    /** As {@link #start(Path, String, Path)}, with more {@code sshd_config} lines (e.g. a {@code ForceCommand}). */
    public static OpenSshd start(Path dir, String authorizedKeyLine, Path home, String... moreConfig) throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(SSHD), "OpenSSH sshd not installed");
        boolean root = "root".equals(USER);
        if (root && !Files.isDirectory(Path.of("/run/sshd"))) {
            // sshd's privilege separation directory (compiled in), which Debian's service start creates: as lab/up does
            Files.createDirectories(Path.of("/run/sshd"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        Files.createDirectories(dir);
        KeyMaterial hostKey = KeyMaterial.generate(dir.resolve("host_key"), "host");
        Path authorized = dir.resolve("authorized_keys");
        Files.writeString(authorized, authorizedKeyLine + "\n");
        Files.setPosixFilePermissions(authorized, PosixFilePermissions.fromString("rw-------"));
        Files.createDirectories(home);
        int port = freePort();
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + hostKey.privateKeyFile(),
                "AuthorizedKeysFile " + authorized, "PasswordAuthentication no", "KbdInteractiveAuthentication no",
                "PermitRootLogin " + (root ? "yes" : "no"), "StrictModes no", "UsePAM no",
                "PidFile " + dir.resolve("pid"), "Subsystem sftp internal-sftp", "AllowTcpForwarding yes",
                // keep the developer's own login profile out of the sessions
                "SetEnv HOME=" + home, String.join("\n", moreConfig), ""));
        Process p = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> accepts(port));
        return new OpenSshd(p, port, hostKey);
    }

    public int port() {
        return port;
    }

    /** The known_hosts line for this server ({@code [127.0.0.1]:port key}). */
    public String knownHostsLine() {
        return "[127.0.0.1]:" + port + " " + hostKey.authorizedKeyLine();
    }

    /** A loopback port nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
