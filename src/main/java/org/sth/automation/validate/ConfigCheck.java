package org.sth.automation.validate;

import java.util.ArrayList;
import java.util.List;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.HostConfig;
import org.sth.automation.transport.SecretSource;

/** {@code --scope config}: the config loaded (its problems end the command before this), each host's hop chain. */
public final class ConfigCheck {

    private ConfigCheck() {
    }

    /** One line for the config, one per host with its chain and how each hop authenticates. */
    public static List<String> lines(AutomationConfig cfg, List<HostConfig> hosts, SecretSource secrets) {
        List<String> out = new ArrayList<>();
        out.add("Config OK: " + cfg.source());
        for (HostConfig h : hosts) {
            StringBuilder chain = new StringBuilder();
            h.chain().forEach(hop -> chain.append(chain.isEmpty() ? "" : " -> ").append(hop.name()).append(" (")
                    .append(hop.address()).append(", ").append(AuthSummary.describe(cfg, hop.authRef(), secrets)).append(')'));
            out.add("  host " + h.name() + ": " + chain);
        }
        return out;
    }
}
