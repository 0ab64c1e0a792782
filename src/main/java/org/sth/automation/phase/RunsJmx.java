package org.sth.automation.phase;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;
import org.sth.automation.run.Json;

/** Registers {@link RunsMXBean} while a controller runs. */
final class RunsJmx implements RunsMXBean {

    static final String NAME = "org.sth.automation:type=Runs";

    @Override
    public String[] getRuns() {
        return RunsView.lines().toArray(String[]::new);
    }

    @Override
    public String statusJson(String runId) {
        return RunsView.statuses().stream().filter(s -> s.path("run_id").asText().equals(runId)).findFirst()
                .map(Json::line).orElse("");
    }

    static void register() {
        try {
            var server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(NAME);
            if (!server.isRegistered(name)) {
                server.registerMBean(new RunsJmx(), name);
            }
        } catch (JMException e) {
            throw new IllegalStateException("Cannot register " + NAME, e);
        }
    }

    static void unregister() {
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
