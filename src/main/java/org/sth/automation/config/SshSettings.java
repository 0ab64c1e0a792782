package org.sth.automation.config;

import java.nio.file.Path;

/** {@code [ssh]}: host key verification for every hop. */
public record SshSettings(Path knownHosts, HostKeyPolicy hostKeyPolicy) {

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
