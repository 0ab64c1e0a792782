package org.sth.automation.phase.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.sth.automation.AutomationException;

/**
 * The user and password of one work root's embedded broker: generated the first time the broker starts, kept in
 * {@code <work>/broker/credentials} (mode 0600, in a 0700 folder), and read from there by every controller of that work
 * root. A file that other accounts can read, or that another account owns, is refused: its password may be known.
 * Never printed: {@link #toString()} hides the password, and no message of this class contains it.
 *
 * @param user the broker user
 * @param password the broker password
 */
public record BrokerCredentials(String user, String password) {

    /** The file under the work root. */
    public static final String FILE = "broker/credentials";

    /** The user the embedded broker is given. */
    static final String USER = "sth";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    /** The credentials of {@code workRoot}'s embedded broker: read when they exist, else generated and stored. */
    public static BrokerCredentials createOrRead(Path workRoot) {
        Optional<BrokerCredentials> existing = read(workRoot);
        if (existing.isPresent()) {
            return existing.get();
        }
        Path file = workRoot.resolve(FILE);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        BrokerCredentials made = new BrokerCredentials(USER, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        try {
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, attributes(dir, OWNER_ONLY_DIR));
            }
            Path tmp = Files.createTempFile(dir, ".credentials", ".tmp", attributes(dir, OWNER_ONLY));
            Properties p = new Properties();
            p.setProperty("user", made.user());
            p.setProperty("password", made.password());
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "sth-bench-automation: the embedded broker's user, for the controllers of this work root; keep it 0600");
            }
            try {
                Files.move(tmp, file);
            } catch (FileAlreadyExistsException another) {
                // another controller of this work root made them first: theirs hold
                Files.deleteIfExists(tmp);
                return read(workRoot).orElseThrow();
            }
            return made;
        } catch (IOException e) {
            throw new AutomationException("Cannot store the embedded broker's credentials in " + file + ": " + e.getMessage()
                    + " (fix: make " + file.getParent() + " writable by this account)", e);
        }
    }

    /** The stored credentials of {@code workRoot}'s embedded broker, if it ever ran; refused when others can read them. */
    public static Optional<BrokerCredentials> read(Path workRoot) {
        Path file = workRoot.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            checkOwnerOnly(file);
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            String user = p.getProperty("user");
            String password = p.getProperty("password");
            if (user == null || user.isBlank() || password == null || password.length() < 16) {
                throw new AutomationException(file + " holds no usable broker user and password (fix: stop the controllers of this "
                        + "work root, delete the file, and start the one with --embedded-broker: it writes new ones)");
            }
            return Optional.of(new BrokerCredentials(user.strip(), password.strip()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the embedded broker's credentials " + file + ": " + e.getMessage(), e);
        }
    }

    /** The user and password a remote broker asks for, from {@link BrokerMode#USER_ENV} / {@link BrokerMode#PASSWORD_ENV}. */
    public static Optional<BrokerCredentials> fromEnvironment() {
        String user = System.getenv(BrokerMode.USER_ENV);
        if (user == null || user.isBlank()) {
            return Optional.empty();
        }
        String password = System.getenv(BrokerMode.PASSWORD_ENV);
        return Optional.of(new BrokerCredentials(user, password == null ? "" : password));
    }

    private static void checkOwnerOnly(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        var attributes = view.readAttributes();
        Set<PosixFilePermission> perms = attributes.permissions();
        perms.removeAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        String me = System.getProperty("user.name");
        if (!perms.isEmpty() || !attributes.owner().getName().equals(me)) {
            throw new AutomationException(file + " is " + (perms.isEmpty() ? "owned by " + attributes.owner().getName() + ", not " + me
                    : "readable or writable by other accounts (" + PosixFilePermissions.toString(attributes.permissions()) + ")")
                    + ": the broker password in it may be known (fix: stop the controllers of this work root, delete the file, and "
                    + "start the one with --embedded-broker as " + me + ": it writes a new one, mode 0600)");
        }
    }

    /** Owner-only permissions from creation on, where the file system has POSIX permissions. */
    private static FileAttribute<?>[] attributes(Path dir, Set<PosixFilePermission> permissions) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }

    @Override
    public String toString() {
        // never the password
        return "BrokerCredentials[user=" + user + ", password=****]";
    }
}
