package org.sth.automation.config;

import java.util.List;

/** How a host is reached: {@code direct}, or through a {@code jump_chain} of hops (controller side first). */
public record TransportConfig(Type type, List<Hop> hops) {

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

    public static TransportConfig direct() {
        return new TransportConfig(Type.DIRECT, List.of());
    }
}
