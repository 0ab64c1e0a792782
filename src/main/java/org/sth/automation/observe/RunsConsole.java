package org.sth.automation.observe;

import java.util.Map;
import org.apache.camel.support.console.AbstractDevConsole;

/** Camel dev console {@code sth-runs}: every run of the work root (as `runs` lists them), with its position and monitoring state. */
public final class RunsConsole extends AbstractDevConsole {

    /** The console's id ({@code /q/dev/sth-runs}). */
    public static final String ID = "sth-runs";

    private final RunsView runs;

    public RunsConsole(RunsIndex index) {
        super("sth", ID, "STH runs", "Runs of this controller's work root: state, phase, step, heartbeat age");
        this.runs = new RunsView(index);
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        return String.join("\n", runs.lines());
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        return runs.asMap();
    }
}
