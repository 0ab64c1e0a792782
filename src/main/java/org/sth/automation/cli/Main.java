package org.sth.automation.cli;

/** Entry point; replaced by the picocli command tree. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(0);
    }
}
