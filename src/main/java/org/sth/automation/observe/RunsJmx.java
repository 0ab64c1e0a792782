package org.sth.automation.observe;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;
import org.sth.automation.io.Json;

/** Registers {@link RunsMXBean} while a controller runs. */
public final class RunsJmx implements RunsMXBean {

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

    public static void register() {
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

    public static void unregister() {
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
