package org.sth.automation.phase.recovery;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.phase.lifecycle.Exchanges;

/**
 * Called by the phase routes' error handler before each redelivery: keeps the redelivery count in an exchange
 * property, because {@code useOriginalMessage} hands the recovery writer the original message, whose headers never
 * had Camel's counter.
 */
public final class CountRedeliveryProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(Exchanges.REDELIVERIES, exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class));
    }
}
