package org.sth.automation.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.sth.automation.io.Json;

/** A command with {@code --json}: its errors too are printed as an {@code AgentResult} document on standard output. */
interface JsonOutput {

    /** Whether {@code --json} was given. */
    boolean json();

    /** The command's name in the result's {@code command} field. */
    String verb();

    /** Prints one result document (the only thing on standard output with {@code --json}). */
    static void print(PrintWriter out, ObjectNode result) {
        out.print(new String(Json.pretty(result), StandardCharsets.UTF_8));
        out.flush();
    }
}
