package org.sth.automation.phase;

import org.apache.camel.CamelContext;
import org.apache.camel.cli.connector.DefaultCliConnectorFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CliConnectorFactory;

/** A bare Camel context for a test, without what the controller turns off either. */
public final class PlainCamel {

    private PlainCamel() {
    }

    /**
     * A new context without Camel JBang's CLI connector, which a plain context starts with itself (camel-cli-connector is
     * on the class path): its thread rebuilt a status every second in every test JVM, and raced the context's start on
     * the dev console registry (a ConcurrentModificationException in {@code DefaultDevConsoleRegistry.doStart}, once in a
     * suite). The controller has it off as well ({@code CamelSetup}).
     */
    public static DefaultCamelContext context() {
        DefaultCamelContext camel = new DefaultCamelContext();
        withoutCliConnector(camel);
        return camel;
    }

    /**
     * Turns the CLI connector off in a context not yet started, as its plugin (read at start): for a context made by
     * someone else (a test support class) where a registry binding would come too late.
     */
    public static void withoutCliConnector(CamelContext camel) {
        DefaultCliConnectorFactory off = new DefaultCliConnectorFactory();
        off.setEnabled(false);
        camel.getCamelContextExtension().addContextPlugin(CliConnectorFactory.class, off);
    }
}
