package org.sth.automation.phase.route;

import org.sth.automation.engine.MalformedMessageException;
import org.sth.automation.engine.PhaseMessage;

/** Names of exchange properties and headers the phase routes share. */
public final class Exchanges {

    /** Property: the parsed {@link PhaseMessage} of the spool file being processed. */
    public static final String MESSAGE = "sthPhaseMessage";

    /** Property: why the spool file could not be parsed, when it could not. */
    public static final String MESSAGE_ERROR = "sthPhaseMessageError";

    /** Property: the {@link org.sth.automation.run.status.Phase} of the route that consumed the message. */
    public static final String PHASE = "sthPhase";

    /**
     * Property: the endpoint of the phase after the message's ({@code sth.spool.<phase>}), where the route's
     * {@code toD} hands the message on. Set by {@link #forward}: phase order comes from {@code Phase.next()} only.
     */
    public static final String NEXT_ENDPOINT = "sthNextEndpoint";

    /**
     * Property: the message file was gone when its exchange began: another exchange consumed it between this poll's
     * listing and now. The exchange stops at once and records nothing.
     */
    public static final String ALREADY_CONSUMED = "sthAlreadyConsumed";

    /** Property: where a message was held in its spool after a storage failure (see WriteRecoveryProcessor). */
    public static final String HELD_MESSAGE = "sthHeldMessage";

    /** Property: how many times Camel redelivered the message in this phase (kept by the error handler's onRedelivery). */
    public static final String REDELIVERIES = "sthRedeliveries";

    /** Property: where the recovery writer parked the message (set only when the message went to recovery). */
    public static final String PARKED = "sthParkedIn";

    /** Prefix of the property holding each phase's endpoint URI, e.g. {@code sth.spool.discover}. */
    public static final String SPOOL_PROPERTY = "sth.spool.";

    /** Header (JMS): the message group of a broker message, its run's host: one consumer at a time owns a host's messages. */
    public static final String GROUP = "JMSXGroupID";

    /** Header (Artemis): a message id the broker keeps, so a message sent twice is queued once. */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

    /** Property: the broker controller handed the message back (rolled back), so another controller takes it. */
    public static final String HANDED_BACK = "sthHandedBack";

    /** Property: the route's enter step took the message into its phase ({@code phase_entered}); only then is it left. */
    public static final String ENTERED = "sthEntered";

    /** Property: the message waits for its host: it was queued again with a delay and this delivery records nothing. */
    public static final String DEFERRED = "sthDeferred";

    /** Header (Camel's own): the file name the next phase's spool file gets. */
    public static final String FILE_NAME = org.apache.camel.Exchange.FILE_NAME;

    private Exchanges() {
    }

    /**
     * The phase of the route that consumed the exchange: set by the phase-event policy, else read from the route id
     * (a message the policy could not open still has a phase to be parked under).
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

    /** The parsed message, or the parse error as an exception (so the route sends it to recovery). */
    public static PhaseMessage message(org.apache.camel.Exchange exchange) {
        PhaseMessage m = exchange.getProperty(MESSAGE, PhaseMessage.class);
        if (m == null) {
            String err = exchange.getProperty(MESSAGE_ERROR, String.class);
            throw new MalformedMessageException(exchange.getIn().getHeader(org.apache.camel.Exchange.FILE_NAME, String.class),
                    err == null ? "no message" : err);
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

    /** Groups a broker message by its run's host (file spools ignore the header). */
    public static void group(org.apache.camel.Exchange exchange, PhaseMessage message) {
        exchange.getIn().setHeader(GROUP, message.host());
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
