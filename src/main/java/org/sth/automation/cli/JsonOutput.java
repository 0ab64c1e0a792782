package org.sth.automation.cli;

/** A command with {@code --json}: its errors too are printed as an {@code AgentResult} document on standard output. */
interface JsonOutput {

    /** Whether {@code --json} was given. */
    boolean json();

    /** The command's name in the result's {@code command} field. */
    String verb();
}
