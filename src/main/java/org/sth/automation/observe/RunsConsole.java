package org.sth.automation.observe;

import java.util.Map;
import org.apache.camel.support.console.AbstractDevConsole;

/** Camel dev console {@code sth-runs}: every run this controller knows, with its position and monitoring state. */
public final class RunsConsole extends AbstractDevConsole {

    /** The console's id ({@code /q/dev/sth-runs}). */
    public static final String ID = "sth-runs";

    public RunsConsole() {
        super("sth", ID, "STH runs", "Runs known to this controller: state, phase, step, heartbeat age");
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        return String.join("\n", RunsView.lines());
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        return RunsView.asMap();
    }
}
