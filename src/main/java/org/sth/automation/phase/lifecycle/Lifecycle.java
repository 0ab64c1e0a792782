package org.sth.automation.phase.lifecycle;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sth.automation.engine.HostHolders;

/** The beans the phase lifecycle template refers to ({@code routes/00-phase-lifecycle.camel.yaml}), by the names it uses. */
public final class Lifecycle {

    /** The template every phase route is made from. */
    public static final String TEMPLATE = "phase-lifecycle";

    /** Its parameters: the phase's endpoint, and the bean name of the processor that does the phase's work. */
    public static final java.util.Set<String> PARAMETERS = java.util.Set.of("endpoint", "work");

    private Lifecycle() {
    }

    /** take, admit, enter, leave and hand-on steps, and the file spools' filter that asks the admit step first. */
    public static Map<String, Object> beans(HostHolders holders, ControllerIdentity controller) {
        AdmitMessageProcessor admit = new AdmitMessageProcessor(holders, controller);
        Map<String, Object> beans = new LinkedHashMap<>();
        beans.put("takeMessageProcessor", new TakeMessageProcessor());
        beans.put("admitMessageProcessor", admit);
        beans.put("enterPhaseProcessor", new EnterPhaseProcessor(controller));
        beans.put("leavePhaseProcessor", new LeavePhaseProcessor(holders));
        beans.put("handOnProcessor", new HandOnProcessor());
        beans.put("hostFilter", new HostFilter(admit));
        return beans;
    }
}
