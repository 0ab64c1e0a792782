package org.sth.automation.lab;

import jakarta.jms.Connection;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.util.Enumeration;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Prints how many messages a broker queue holds (browsed, as a controller's watchdog does), for a test that reaches the
 * broker only from a controller's network namespace: {@code QueueDepth <url> <queue>}, user and password from
 * {@code STH_BROKER_USER} / {@code STH_BROKER_PASSWORD}.
 */
public final class QueueDepth {

    private QueueDepth() {
    }

    public static void main(String[] args) throws Exception {
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(args[0]);
                Connection c = cf.createConnection(System.getenv("STH_BROKER_USER"), System.getenv("STH_BROKER_PASSWORD"));
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                QueueBrowser browser = s.createBrowser(s.createQueue(args[1]))) {
            c.start();
            int n = 0;
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); e.nextElement()) {
                n++;
            }
            System.out.println(n);
        }
    }
}
