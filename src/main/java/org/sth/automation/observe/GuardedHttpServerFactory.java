package org.sth.automation.observe;

import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.handler.AuthenticationHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.DefaultMainHttpServerFactory;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.HttpServerConfigurationProperties;

/**
 * Camel's embedded HTTP servers ({@code camel.server.*} and {@code camel.management.*}, one Vert.x server on one port)
 * with the {@link HttpGuard} as their first handler. Camel main takes the one {@code MainHttpServerFactory} bean it
 * finds in the registry; the guard goes in as an authentication entry for {@code /*}, which platform-http installs on
 * the router before any route and before the body handler, so a refused request is answered without its body read.
 */
public final class GuardedHttpServerFactory extends DefaultMainHttpServerFactory {

    private final HttpGuard guard;

    public GuardedHttpServerFactory(HttpGuard guard) {
        this.guard = guard;
    }

    @Override
    public Service newHttpServer(CamelContext camelContext, HttpServerConfigurationProperties configuration) {
        Service server = super.newHttpServer(camelContext, configuration);
        guard(((MainHttpServer) server).getConfiguration().getAuthenticationConfig());
        return server;
    }

    @Override
    public Service newHttpManagementServer(CamelContext camelContext, HttpManagementServerConfigurationProperties configuration) {
        // on the same port Camel reuses the main server (and its guard); this one guards a management server of its own
        Service server = super.newHttpManagementServer(camelContext, configuration);
        guard(((ManagementHttpServer) server).getConfiguration().getAuthenticationConfig());
        return server;
    }

    private void guard(AuthenticationConfig config) {
        AuthenticationConfig.AuthenticationConfigEntry entry = new AuthenticationConfig.AuthenticationConfigEntry();
        entry.setPath("/*");
        entry.setAuthenticationProviderFactory(vertx -> null);
        entry.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
            @Override
            public <T extends AuthenticationProvider> AuthenticationHandler createAuthenticationHandler(T provider) {
                return guard;
            }
        });
        config.getEntries().add(0, entry);
        config.setEnabled(true);
    }
}
