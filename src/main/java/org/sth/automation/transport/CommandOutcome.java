package org.sth.automation.transport;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a remote command ended ({@link CommandResult#outcome()}, {@code command_ledger.jsonl} {@code outcome}). */
public enum CommandOutcome {
    /** Exit status 0. */
    OK,
    /** A non-zero exit status, or no exit status from a command that ended. */
    FAILED,
    /** The engine stopped it at its ceiling and killed its process group. */
    TERMINATED,
    /** The connection went away while it ran. */
    CONNECTION_LOST;

    /** The snake_case name written to JSON. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome named {@code id}; an unknown name is an {@link IllegalArgumentException}. */
    @JsonCreator
    public static CommandOutcome of(String id) {
        for (CommandOutcome o : values()) {
            if (o.id().equals(id)) {
                return o;
            }
        }
        throw new IllegalArgumentException("Unknown command outcome '" + id + "'");
    }
}
