package org.sth.automation.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.DHFactory;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.sth.automation.config.ConfigException;
import org.sth.automation.config.SshSettings;

/**
 * The key exchanges and ciphers the client offers: the operator's {@code [ssh] kex} / {@code ciphers} when given,
 * else this engine's defaults, chosen by measurement (docs/performance.md, "Key exchange"): AES-GCM first (with
 * AES-NI the cheapest AEAD in the JDK, no separate MAC, which bounds bulk SFTP in MINA), and the key exchanges in
 * MINA's order with the post-quantum hybrids after curve25519 when {@link #PREFER_CLASSIC_KEX} (see there).
 */
final class Algorithms {

    /**
     * Whether curve25519 is offered before the post-quantum hybrids (sntrup761, ML-KEM). MINA implements them in pure
     * Java; on a cold JVM the hybrid's first handshake costs more than the whole rest of the connection (measured by
     * scripts/bench/kex.sh). An operator who wants the hybrids first lists them in {@code [ssh] kex}.
     */
    static final boolean PREFER_CLASSIC_KEX = true;

    private Algorithms() {
    }

    static void apply(SshClient client, SshSettings ssh) {
        client.setKeyExchangeFactories(NamedFactory.setUpTransformedFactories(false, kex(ssh.kex()), ClientBuilder.DH2KEX));
        client.setCipherFactories(ciphers(ssh.ciphers(), client.getCipherFactories()));
    }

    static List<DHFactory> kex(List<String> names) {
        if (names.isEmpty()) {
            List<DHFactory> defaults = new ArrayList<>(ClientBuilder.DEFAULT_KEX_PREFERENCE.stream().filter(DHFactory::isSupported).toList());
            if (PREFER_CLASSIC_KEX) {
                List<DHFactory> hybrids = defaults.stream().filter(Algorithms::postQuantum).toList();
                defaults.removeAll(hybrids);
                int after = defaults.indexOf(BuiltinDHFactories.curve25519) + 1;
                defaults.addAll(after, hybrids);
            }
            return defaults;
        }
        List<DHFactory> out = new ArrayList<>();
        for (String n : names) {
            BuiltinDHFactories f = BuiltinDHFactories.fromFactoryName(n);
            if (f == null || !f.isSupported()) {
                throw new ConfigException("config", "ssh.kex", "unknown or unsupported key exchange '" + n + "'",
                        "use one of: " + BuiltinDHFactories.VALUES.stream().filter(BuiltinDHFactories::isSupported)
                                .map(BuiltinDHFactories::getName).collect(Collectors.joining(", ")));
            }
            out.add(f);
        }
        return out;
    }

    static List<NamedFactory<Cipher>> ciphers(List<String> names, List<NamedFactory<Cipher>> defaults) {
        List<NamedFactory<Cipher>> out = new ArrayList<>();
        if (names.isEmpty()) {
            for (BuiltinCiphers c : List.of(BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm)) {
                if (c.isSupported()) {
                    out.add(c);
                }
            }
            defaults.stream().filter(f -> out.stream().noneMatch(o -> o.getName().equals(f.getName()))).forEach(out::add);
            return out;
        }
        for (String n : names) {
            BuiltinCiphers c = BuiltinCiphers.fromFactoryName(n);
            if (c == null || !c.isSupported()) {
                throw new ConfigException("config", "ssh.ciphers", "unknown or unsupported cipher '" + n + "'",
                        "use one of: " + BuiltinCiphers.VALUES.stream().filter(BuiltinCiphers::isSupported).map(BuiltinCiphers::getName)
                                .collect(Collectors.joining(", ")));
            }
            out.add(c);
        }
        return out;
    }

    private static boolean postQuantum(DHFactory f) {
        String n = f.getName();
        return n.startsWith("sntrup") || n.startsWith("mlkem");
    }
}
