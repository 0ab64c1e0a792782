package org.sth.automation.config;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code [ssh]}: host key verification for every hop, and the algorithms the client offers.
 *
 * @param knownHosts    the known_hosts file every hop's key is checked against
 * @param hostKeyPolicy what to do with a host that is not in it
 * @param kex           key-exchange algorithms to offer, in order (SSH names); empty: the engine's defaults
 * @param ciphers       ciphers to offer, in order (SSH names); empty: the engine's defaults
 * @param remoteShell   how commands reach a host: one runner per connection (default) or a channel per command
 */
public record SshSettings(Path knownHosts, HostKeyPolicy hostKeyPolicy, List<String> kex, List<String> ciphers, RemoteShell remoteShell) {

    public SshSettings {
        kex = kex == null ? List.of() : List.copyOf(kex);
        ciphers = ciphers == null ? List.of() : List.copyOf(ciphers);
        remoteShell = remoteShell == null ? RemoteShell.RUNNER : remoteShell;
    }

    /** Settings with the default algorithms. */
    public SshSettings(Path knownHosts, HostKeyPolicy hostKeyPolicy) {
        this(knownHosts, hostKeyPolicy, List.of(), List.of(), RemoteShell.RUNNER);
    }

    /**
     * {@code remote_shell}: {@code runner} (default: one small sh runner per connection takes every command, see
     * docs/transport.md; a host where it cannot start falls back to a channel per command, recorded in the run) or
     * {@code per-command} (an exec channel per command, as OpenSSH's {@code ssh host cmd} would).
     */
    public enum RemoteShell {
        RUNNER("runner"),
        PER_COMMAND("per-command");

        private final String tomlName;

        RemoteShell(String tomlName) {
            this.tomlName = tomlName;
        }

        public String tomlName() {
            return tomlName;
        }

        public static RemoteShell fromToml(String value) {
            for (RemoteShell r : values()) {
                if (r.tomlName.equals(value)) {
                    return r;
                }
            }
            return null;
        }
    }

    /** {@code host_key_policy}: {@code strict} (default) or {@code accept-new}. */
    public enum HostKeyPolicy {
        STRICT("strict"),
        ACCEPT_NEW("accept-new");

        private final String tomlName;

        HostKeyPolicy(String tomlName) {
            this.tomlName = tomlName;
        }

        public String tomlName() {
            return tomlName;
        }

        public static HostKeyPolicy fromToml(String value) {
            for (HostKeyPolicy p : values()) {
                if (p.tomlName.equals(value)) {
                    return p;
                }
            }
            return null;
        }
    }
}
