package org.sth.automation.phase.lifecycle;

import org.sth.automation.engine.MalformedMessageException;
import org.sth.automation.engine.PhaseMessage;

/** Names of exchange properties and headers the phase routes share. */
public final class Exchanges {

    /** Property: the parsed {@link PhaseMessage} of the spool file being processed. */
    public static final String MESSAGE = "sthPhaseMessage";


    /** Property: the {@link org.sth.automation.run.status.Phase} of the route that consumed the message. */
    public static final String PHASE = "sthPhase";

    /**
     * Property: the endpoint of the phase after the message's ({@code sth.spool.<phase>}), where the route's
     * {@code toD} hands the message on. Set by {@link #forward} (the hand-on step): phase order comes from {@code Phase.next()}
     * only; absent after the last phase.
     */
    public static final String NEXT_ENDPOINT = "sthNextEndpoint";



    /** Property: the holder epoch this controller took the message's run with (admit; {@code run.RunFence}), absent when it did not. */
    public static final String HOLDER_EPOCH = "sthHolderEpoch";

    /** Property: the message's {@link PhaseDisposition}, set by the lifecycle step that decided it. */
    public static final String DISPOSITION = "sthDisposition";

    /** Property: how many times Camel redelivered the message in this phase (kept by the error handler's onRedelivery). */
    public static final String REDELIVERIES = "sthRedeliveries";


    /** Prefix of the property holding each phase's endpoint URI, e.g. {@code sth.spool.discover}. */
    public static final String SPOOL_PROPERTY = "sth.spool.";

    /** Header (JMS): the message group of a broker message, its run's host: one consumer at a time owns a host's messages. */
    public static final String GROUP = "JMSXGroupID";

    /** Header (JMS property): the run a broker message belongs to, so its queue can be browsed for it (the watchdog). */
    public static final String RUN = "sthRun";

    /** Header (Artemis): a message id the broker keeps, so a message sent twice is queued once. */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";




    /** Header (Camel's own): the file name the next phase's spool file gets. */
    public static final String FILE_NAME = org.apache.camel.Exchange.FILE_NAME;

    private Exchanges() {
    }

    /** The message's disposition so far (null before the take step). */
    public static PhaseDisposition disposition(org.apache.camel.Exchange exchange) {
        return exchange.getProperty(DISPOSITION, PhaseDisposition.class);
    }

    /** Records what the step that decided it did with the message. */
    public static void dispose(org.apache.camel.Exchange exchange, PhaseDisposition d) {
        exchange.setProperty(DISPOSITION, d);
    }

    /**
     * The phase of the route that consumed the exchange: set by the take step, else read from the route id
     * (a message that could not be taken still has a phase to be parked under).
     */
    public static org.sth.automation.run.status.Phase phase(org.apache.camel.Exchange exchange) {
        org.sth.automation.run.status.Phase p = exchange.getProperty(PHASE, org.sth.automation.run.status.Phase.class);
        if (p != null) {
            return p;
        }
        for (org.sth.automation.run.status.Phase candidate : org.sth.automation.run.status.Phase.values()) {
            if (candidate.routeId().equals(exchange.getFromRouteId())) {
                return candidate;
            }
        }
        throw new IllegalStateException("exchange " + exchange.getExchangeId() + " comes from route " + exchange.getFromRouteId()
                + ", which runs no phase");
    }

    /** The message the take step parsed (a message that could not be parsed never gets past it). */
    public static PhaseMessage message(org.apache.camel.Exchange exchange) {
        PhaseMessage m = exchange.getProperty(MESSAGE, PhaseMessage.class);
        if (m == null) {
            throw new MalformedMessageException(exchange.getIn().getHeader(org.apache.camel.Exchange.FILE_NAME, String.class),
                    "no phase message was taken from it");
        }
        return m;
    }

    /**
     * The bytes of the consumed file, read from disk (the body of a file consumer is a GenericFile;
     * with {@code useOriginalMessage} in an error handler it still is).
     */
    public static byte[] fileBytes(org.apache.camel.Exchange exchange) {
        Object body = exchange.getIn().getBody();
        try {
            if (body instanceof org.apache.camel.component.file.GenericFile<?> gf && gf.getFile() instanceof java.io.File f) {
                return java.nio.file.Files.readAllBytes(f.toPath());
            }
            String path = exchange.getIn().getHeader(org.apache.camel.Exchange.FILE_PATH, String.class);
            if (path != null && java.nio.file.Files.exists(java.nio.file.Path.of(path))) {
                return java.nio.file.Files.readAllBytes(java.nio.file.Path.of(path));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot read consumed file: " + e.getMessage(), e);
        }
        byte[] bytes = exchange.getIn().getBody(byte[].class);
        return bytes == null ? new byte[0] : bytes;
    }

    /** Groups a broker message by its run's host and labels it with its run (file spools ignore the headers). */
    public static void group(org.apache.camel.Exchange exchange, PhaseMessage message) {
        exchange.getIn().setHeader(GROUP, message.host());
        exchange.getIn().setHeader(RUN, message.runId());
    }

    /**
     * Makes the exchange's body the message for the phase after {@code done}'s, and names that phase's endpoint;
     * the route's {@code toD} writes it there.
     */
    public static void forward(org.apache.camel.Exchange exchange, PhaseMessage done) {
        org.sth.automation.run.status.Phase next = done.phase().next();
        if (next == null) {
            throw new IllegalStateException("phase " + done.phase().id() + " is the last: there is nothing to forward to");
        }
        PhaseMessage message = done.toPhase(next);
        exchange.getIn().setHeader(FILE_NAME, message.fileName());
        group(exchange, message);
        exchange.getIn().setBody(message.toJsonText());
        exchange.setProperty(NEXT_ENDPOINT, exchange.getContext().resolvePropertyPlaceholders("{{" + SPOOL_PROPERTY + next.id() + "}}"));
    }
}
