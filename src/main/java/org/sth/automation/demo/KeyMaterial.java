package org.sth.automation.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.sth.automation.AutomationException;

/** Generates ECDSA nistp256 key pairs and writes them as OpenSSH key files, for the demo and tests. */
public final class KeyMaterial {

    private final KeyPair keyPair;
    private final Path privateKeyFile;

    private KeyMaterial(KeyPair keyPair, Path privateKeyFile) {
        this.keyPair = keyPair;
        this.privateKeyFile = privateKeyFile;
    }

    /** Generates a new key pair and writes {@code file} (mode 600, unencrypted) and {@code file.pub}. */
    public static KeyMaterial generate(Path file, String comment) {
        try {
            KeyPair kp = KeyUtils.generateKeyPair(KeyPairTypes.ECDSA_P256, 256);
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(kp, comment, null, out);
            }
            restrict(file);
            try (OutputStream out = Files.newOutputStream(file.resolveSibling(file.getFileName() + ".pub"))) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePublicKey(kp.getPublic(), comment, out);
            }
            return new KeyMaterial(kp, file);
        } catch (IOException | GeneralSecurityException e) {
            throw new AutomationException("Cannot generate key pair into " + file + ": " + e.getMessage(), e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // non-POSIX file systems: nothing to restrict
        }
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    public Path privateKeyFile() {
        return privateKeyFile;
    }

    /** The {@code authorized_keys} / {@code .pub} form, e.g. {@code ecdsa-sha2-nistp256 AAAA…}. */
    public String authorizedKeyLine() {
        return PublicKeyEntry.toString(keyPair.getPublic());
    }

    /** Key type names used with {@link KeyUtils#generateKeyPair}. */
    private static final class KeyPairTypes {
        static final String ECDSA_P256 = "ecdsa-sha2-nistp256";
    }
}
