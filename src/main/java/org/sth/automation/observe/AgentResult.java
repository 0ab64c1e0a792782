package org.sth.automation.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.sth.automation.NotFoundException;
import org.sth.automation.UsageException;
import org.sth.automation.config.ConfigException;
import org.sth.automation.io.DocumentSchema;
import org.sth.automation.io.Json;
import org.sth.automation.run.doc.RunStatus;
import org.sth.automation.run.doc.RunSummary;

/**
 * The one JSON document every machine-readable answer has: {@code --json} of every verb, and the JMX and HTTP
 * operations. Schema {@code docs/schema/result.schema.json} ({@value #SCHEMA}; docs/operations.md, "Agent API"):
 * always {@code $schema}, {@code schema}, {@code schema_version}, {@code command}, {@code ok}, {@code exit_code},
 * {@code error} (null exactly when {@code ok}), {@code messages}; then the blocks the command fills ({@code runs},
 * {@code recovery}, {@code replayed}, {@code report}, {@code status}, {@code plan}, …).
 */
public final class AgentResult {

    /** Names this document's shape (version 2: {@code runs[].monitoring} is an object, errors always have a kind). */
    public static final String SCHEMA = "sth-bench-automation/result/v" + DocumentSchema.RESULT.version();

    /** What went wrong, one taxonomy for every verb; the kind decides the exit code. */
    public enum ErrorKind {
        /** The command line is wrong (an unknown option, a bad value, a missing argument). */
        USAGE(2),
        /** The config file is missing, unreadable or invalid (its message names the file, the key and the fix). */
        CONFIG(2),
        /** An argument names something that is not there: a run directory, a run id, a parked message. */
        NOT_FOUND(2),
        /** The command ran and what it did failed: a run, a validation, a replay. */
        FAILED(1);

        private final int exitCode;

        ErrorKind(int exitCode) {
            this.exitCode = exitCode;
        }

        /** The exit code of this kind of error. */
        public int exitCode() {
            return exitCode;
        }

        /** The name in {@code error.kind}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The kind of an exception a verb ended with: an unknown {@code --host} is a usage error though the config loader
         * reports it, a config problem is {@code config}, anything else {@code failed}.
         */
        public static ErrorKind of(Throwable e) {
            if (e instanceof NotFoundException) {
                return NOT_FOUND;
            }
            if (e instanceof UsageException) {
                return USAGE;
            }
            if (e instanceof ConfigException c) {
                return c.key() != null && c.key().startsWith("--") ? USAGE : CONFIG;
            }
            return FAILED;
        }
    }

    private AgentResult() {
    }

    /** A result of {@code command} with exit code {@code exitCode}; a failed one gets its error with {@link #fail}. */
    public static ObjectNode of(String command, int exitCode) {
        ObjectNode n = Json.object();
        DocumentSchema.RESULT.stamp(n);
        n.put("schema", SCHEMA);
        n.put("command", command);
        n.put("ok", exitCode == 0);
        n.put("exit_code", exitCode);
        n.putNull("error");
        n.putArray("messages");
        return n;
    }

    /** A failed result of {@code command}: its exit code is the kind's. */
    public static ObjectNode error(String command, ErrorKind kind, String message) {
        return fail(of(command, kind.exitCode()), kind, message);
    }

    /** Marks {@code result} failed with {@code kind} (and its exit code) and {@code message}. */
    public static ObjectNode fail(ObjectNode result, ErrorKind kind, String message) {
        result.put("ok", false);
        result.put("exit_code", kind.exitCode());
        result.putObject("error").put("kind", kind.id()).put("message", message);
        return result;
    }

    /**
     * Sets the exit code (and {@code ok}) after the fact; a non-zero code without an error yet gets a {@code failed}
     * error saying {@code why}.
     */
    public static ObjectNode exit(ObjectNode result, int exitCode, String why) {
        result.put("ok", exitCode == 0);
        result.put("exit_code", exitCode);
        if (exitCode == 0) {
            result.putNull("error");
        } else if (!result.path("error").isObject()) {
            result.putObject("error").put("kind", exitCode == ErrorKind.FAILED.exitCode() ? ErrorKind.FAILED.id() : ErrorKind.USAGE.id())
                    .put("message", why);
        }
        return result;
    }

    /** Adds a human-readable line (what the text mode would have printed). */
    public static void message(ObjectNode result, String line) {
        result.withArray("messages").add(line);
    }

    /** One run as listed: position, monitoring, where it is and what to do next (from a status with derived blocks). */
    public static ObjectNode run(JsonNode status) {
        return RunSummary.of(RunStatus.of(status)).toJson();
    }
}
