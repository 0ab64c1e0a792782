package org.sth.automation.transport;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.AbstractClientSession;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.sth.automation.config.SshSettings;

/**
 * Checks every hop's host key against one known_hosts file, by the hop's configured name and port
 * (not the forwarded local socket it is reached through); {@code accept-new} appends unknown keys.
 */
final class KnownHostsVerifier implements ServerKeyVerifier {

    private final Path knownHosts;
    private final SshSettings.HostKeyPolicy policy;
    private final Object fileLock = new Object();

    KnownHostsVerifier(SshSettings settings) {
        this.knownHosts = settings.knownHosts();
        this.policy = settings.hostKeyPolicy() == null ? SshSettings.HostKeyPolicy.STRICT : settings.hostKeyPolicy();
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        HostKeyCheck check = session instanceof AbstractClientSession acs
                ? acs.getConnectionContext() == null ? null : acs.getConnectionContext().getAttribute(HostKeyCheck.KEY)
                : null;
        if (check == null) {
            return false;
        }
        String presented = KeyUtils.getFingerPrint(serverKey);
        check.fingerprint = presented;
        String hostname = check.hop.hostname();
        int port = check.hop.port();
        synchronized (fileLock) {
            List<PublicKey> known;
            try {
                known = knownKeys(hostname, port);
            } catch (IOException | GeneralSecurityException e) {
                check.fail(FailureClass.HOST_KEY_UNKNOWN, "cannot read known_hosts file " + knownHosts + ": " + e.getMessage());
                return false;
            }
            if (known.stream().anyMatch(k -> KeyUtils.compareKeys(k, serverKey))) {
                return true;
            }
            if (!known.isEmpty()) {
                check.fail(FailureClass.HOST_KEY_MISMATCH, "hop '" + check.hop.name() + "' (" + pattern(hostname, port)
                        + ") presented host key " + presented + " but " + knownHosts + " expects "
                        + String.join(" or ", known.stream().map(KeyUtils::getFingerPrint).toList())
                        + "; if the host was really reinstalled, remove the old line (ssh-keygen -R '"
                        + pattern(hostname, port) + "' -f " + knownHosts + ")");
                return false;
            }
            if (policy == SshSettings.HostKeyPolicy.ACCEPT_NEW) {
                try {
                    append(pattern(hostname, port) + " " + PublicKeyEntry.toString(serverKey));
                    return true;
                } catch (IOException e) {
                    check.fail(FailureClass.HOST_KEY_UNKNOWN, "cannot append to known_hosts file " + knownHosts + ": " + e.getMessage());
                    return false;
                }
            }
            check.fail(FailureClass.HOST_KEY_UNKNOWN, "hop '" + check.hop.name() + "' (" + pattern(hostname, port)
                    + ") presented unknown host key " + presented + "; policy strict: add it to " + knownHosts
                    + " (ssh-keyscan -p " + port + " " + hostname + ") or use host_key_policy = \"accept-new\"");
            return false;
        }
    }

    private List<PublicKey> knownKeys(String hostname, int port) throws IOException, GeneralSecurityException {
        List<PublicKey> keys = new ArrayList<>();
        if (knownHosts == null || !Files.exists(knownHosts)) {
            return keys;
        }
        for (KnownHostEntry e : KnownHostEntry.readKnownHostEntries(knownHosts)) {
            // @revoked / @cert-authority lines are not plain host keys
            if (e.getMarker() == null && e.getKeyEntry() != null && e.isHostMatch(hostname, port)) {
                PublicKey k = e.getKeyEntry().resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.IGNORING);
                if (k != null) {
                    keys.add(k);
                }
            }
        }
        return keys;
    }

    private void append(String line) throws IOException {
        if (knownHosts.toAbsolutePath().getParent() != null) {
            Files.createDirectories(knownHosts.toAbsolutePath().getParent());
        }
        String prefix = "";
        if (Files.exists(knownHosts) && Files.size(knownHosts) > 0) {
            byte[] all = Files.readAllBytes(knownHosts);
            prefix = all[all.length - 1] == '\n' ? "" : "\n";
        }
        Files.writeString(knownHosts, prefix + line + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static String pattern(String hostname, int port) {
        return port == 22 ? hostname : "[" + hostname + "]:" + port;
    }
}
