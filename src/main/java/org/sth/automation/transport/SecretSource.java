package org.sth.automation.transport;

import java.util.Map;
import java.util.Optional;

/** Where {@code password_env} secrets come from: the process environment, or a map in tests. */
@FunctionalInterface
public interface SecretSource {

    SecretSource ENVIRONMENT = name -> Optional.ofNullable(System.getenv(name));

    Optional<String> env(String name);

    static SecretSource of(Map<String, String> values) {
        return name -> Optional.ofNullable(values.get(name));
    }
}
