package org.sth.automation.transport;

import org.apache.sshd.common.AttributeRepository;
import org.sth.automation.config.Hop;

/** Per-connection record of which hop a key exchange belongs to and what its host key check decided. */
final class HostKeyCheck {

    static final AttributeRepository.AttributeKey<HostKeyCheck> KEY = new AttributeRepository.AttributeKey<>();

    final String host;
    final Hop hop;
    volatile String fingerprint;
    volatile FailureClass failure;
    volatile String message;

    HostKeyCheck(String host, Hop hop) {
        this.host = host;
        this.hop = hop;
    }

    void fail(FailureClass cls, String text) {
        this.failure = cls;
        this.message = text;
    }
}
