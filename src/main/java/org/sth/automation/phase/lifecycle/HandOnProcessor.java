package org.sth.automation.phase.lifecycle;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Hand on: makes the exchange's body the message for the next phase and names that phase's endpoint
 * ({@link Exchanges#NEXT_ENDPOINT}), where the route's {@code toD} writes it; after the last phase there is none.
 */
public final class HandOnProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        if (Exchanges.phase(exchange).next() != null) {
            Exchanges.forward(exchange, Exchanges.message(exchange));
        }
    }
}
