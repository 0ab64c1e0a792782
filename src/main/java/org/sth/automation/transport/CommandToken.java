package org.sth.automation.transport;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The id every process of a keyed remote command carries in {@code STH_CMD_ID}: {@code <base>} (letters, digits and
 * "_", the same for every incarnation of the command in its run) or, under a holder epoch, {@code <base>-e<epoch>}. A
 * signal for a token of an epoch ends the incarnations of that epoch and earlier, never a later holder's.
 *
 * @param base  the command's id in its run
 * @param epoch the holder epoch of the incarnation, 0 for none
 */
public record CommandToken(String base, long epoch) {

    private static final Pattern SHAPE = Pattern.compile("([A-Za-z0-9_]+)(?:-e([0-9]{1,18}))?");

    public CommandToken {
        if (base == null || !base.matches("[A-Za-z0-9_]+") || epoch < 0) {
            throw new IllegalArgumentException("not a command token: " + base + " epoch " + epoch);
        }
    }

    /** The token {@code text} spells, or empty when it has neither shape. */
    public static Optional<CommandToken> parse(String text) {
        Matcher m = text == null ? null : SHAPE.matcher(text);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new CommandToken(m.group(1), m.group(2) == null ? 0 : Long.parseLong(m.group(2))));
    }

    /** The value of {@code STH_CMD_ID}. */
    @Override
    public String toString() {
        return epoch == 0 ? base : base + "-e" + epoch;
    }
}
