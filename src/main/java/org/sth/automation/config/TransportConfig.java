package org.sth.automation.config;

import java.util.List;

/**
 * How a host is reached: {@code direct}, or through a {@code jump_chain} of hops (controller side first).
 * {@code declared} is false when the host has no {@code [hosts.transport]} table: then {@code ~/.ssh/config}'s
 * {@code ProxyJump} for the host applies, as it would for {@code ssh <host>}.
 */
public record TransportConfig(Type type, List<Hop> hops, boolean declared) {

    /** Transport kinds of {@code [hosts.transport] type}. */
    public enum Type {
        DIRECT("direct"),
        JUMP_CHAIN("jump_chain");

        private final String tomlName;

        Type(String tomlName) {
            this.tomlName = tomlName;
        }

        public String tomlName() {
            return tomlName;
        }

        public static Type fromToml(String value) {
            for (Type t : values()) {
                if (t.tomlName.equals(value)) {
                    return t;
                }
            }
            return null;
        }
    }

    public TransportConfig {
        hops = List.copyOf(hops);
    }

    /** A transport the TOML declares. */
    public TransportConfig(Type type, List<Hop> hops) {
        this(type, hops, true);
    }

    /** {@code type = "direct"}, declared: no {@code ProxyJump} from {@code ~/.ssh/config}. */
    public static TransportConfig direct() {
        return new TransportConfig(Type.DIRECT, List.of());
    }

    /** No {@code [hosts.transport]} table: direct unless {@code ~/.ssh/config} names a {@code ProxyJump}. */
    public static TransportConfig unspecified() {
        return new TransportConfig(Type.DIRECT, List.of(), false);
    }
}
