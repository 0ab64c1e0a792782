package org.sth.automation.observe;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;
import org.sth.automation.io.Json;

/** Registers {@link RunsMXBean} while a controller runs. */
public final class RunsJmx implements RunsMXBean {

    static final String NAME = "org.sth.automation:type=Runs";

    private static volatile RecoveryOperations recovery;

    private final RunsView runs;

    private RunsJmx(RunsView runs) {
        this.runs = runs;
    }

    @Override
    public String[] getRuns() {
        return runs.lines().toArray(String[]::new);
    }

    @Override
    public String statusJson(String runId) {
        return runs.statuses().stream().filter(s -> s.path("run_id").asText().equals(runId)).findFirst()
                .map(Json::line).orElse("");
    }

    @Override
    public String replayList() {
        return Json.line(ops("replay-list").list());
    }

    @Override
    public String replay(String id) {
        return Json.line(ops("replay").replay(id));
    }

    @Override
    public String replayAll(String phase) {
        return Json.line(ops("replay").replayAll(phase));
    }

    private static RecoveryOperations ops(String command) {
        RecoveryOperations r = recovery;
        if (r == null) {
            throw new IllegalStateException(command + ": this controller has no recovery queue attached");
        }
        return r;
    }

    /** Registers the bean over the work root's runs ({@code index}); {@code ops} (may be null) backs the replay operations. */
    public static void register(RecoveryOperations ops, RunsIndex index) {
        recovery = ops;
        try {
            var server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(NAME);
            if (!server.isRegistered(name)) {
                server.registerMBean(new RunsJmx(new RunsView(index)), name);
            }
        } catch (JMException e) {
            throw new IllegalStateException("Cannot register " + NAME, e);
        }
    }

    public static void unregister() {
        recovery = null;
        try {
            var server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(NAME);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException e) {
            // already gone
        }
    }
}
