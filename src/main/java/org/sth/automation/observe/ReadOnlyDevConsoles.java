package org.sth.automation.observe;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.console.DevConsole;
import org.apache.camel.impl.console.DefaultDevConsoleRegistry;
import org.apache.camel.impl.console.RouteDevConsole;
import org.apache.camel.util.json.JsonObject;

/**
 * Camel's developer-console registry with only the consoles that read: the controller binds it in place of Camel's
 * own, so a console that sends to or receives from an endpoint ({@code send}, {@code receive}, {@code browse}), acts on
 * routes or processors ({@code route-group}, {@code processor}, {@code debug}, {@code trace}, {@code reload}) or shows
 * configuration and beans ({@code properties}, {@code system-properties}, {@code bean}, {@code variables}) is never
 * registered, whoever asks for it (the HTTP server's {@code /q/dev/<id>} and {@code /q/dev/all}, the CLI connector,
 * Camel's own scans), and {@code route} is registered as a view without its {@code action} option. Which consoles these
 * are is an allowlist: a console a new Camel version brings is left out until it is read and added here.
 */
public final class ReadOnlyDevConsoles extends DefaultDevConsoleRegistry {

    /** The consoles offered (ids), each of which only reads. */
    public static final Set<String> READ_ONLY = Set.of("context", "route", "route-structure", "route-controller", "top", "inflight",
            "consumer", "producer", "endpoint", "service", "health", "event", "blocked", "circuit-breaker", "internal-tasks",
            "message-history", "startup-recorder", "jvm", "memory", "thread", "gc", "type-converters", "transformers", "rest",
            "platform-http", "main-http-server", "micrometer", RunsConsole.ID);

    @Override
    public boolean register(DevConsole console) {
        if (console == null || !READ_ONLY.contains(console.getId())) {
            return false;
        }
        if (console instanceof RouteDevConsole && !(console instanceof RouteView)) {
            RouteView view = new RouteView();
            CamelContext camel = getCamelContext();
            if (camel != null) {
                view.setCamelContext(camel);
            }
            return super.register(view);
        }
        return super.register(console);
    }

    @Override
    public DevConsole resolveById(String id) {
        if (id == null || !READ_ONLY.contains(id)) {
            return null;
        }
        // the parent resolves a console it does not hold yet through register(), which may swap it for its view
        super.resolveById(id);
        return getConsole(id).orElse(null);
    }

    /** Camel's route console (state, statistics, processors) without the {@code action} that starts and stops routes. */
    static final class RouteView extends RouteDevConsole {

        @Override
        protected String doCallText(Map<String, Object> options) {
            return super.doCallText(withoutAction(options));
        }

        @Override
        protected JsonObject doCallJson(Map<String, Object> options) {
            return super.doCallJson(withoutAction(options));
        }

        @Override
        protected void doAction(CamelContext camelContext, String command, String filter) {
            // read-only: no route is started, stopped, suspended or resumed from a console
        }

        private static Map<String, Object> withoutAction(Map<String, Object> options) {
            Map<String, Object> copy = new HashMap<>(options);
            copy.remove(ACTION);
            return copy;
        }
    }
}
