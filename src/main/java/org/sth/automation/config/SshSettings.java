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
 */
public record SshSettings(Path knownHosts, HostKeyPolicy hostKeyPolicy, List<String> kex, List<String> ciphers) {

    public SshSettings {
        kex = kex == null ? List.of() : List.copyOf(kex);
        ciphers = ciphers == null ? List.of() : List.copyOf(ciphers);
    }

    /** Settings with the default algorithms. */
    public SshSettings(Path knownHosts, HostKeyPolicy hostKeyPolicy) {
        this(knownHosts, hostKeyPolicy, List.of(), List.of());
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
