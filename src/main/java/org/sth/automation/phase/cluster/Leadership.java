package org.sth.automation.phase.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sth.automation.AutomationException;

/**
 * Which of the controllers sharing one work root is the leader, by Camel's own cluster service
 * ({@link FileLockClusterService}: a file lock in {@code <work>/cluster/} plus a heartbeat in the same folder, so a
 * leader that died, even on a network file system that keeps its lock, is replaced). The routes named at construction
 * run only in the leader: they do not start with the Camel context; they start when this controller becomes leader
 * (after {@code onGain}, e.g. resuming the runs the previous leader left in flight) and stop when it stops being
 * leader. Every other route runs in every controller.
 */
public final class Leadership implements RoutePolicyFactory {

    private static final Logger LOG = LoggerFactory.getLogger("controller-leadership");

    /** The cluster namespace all controllers of one work root join. */
    public static final String NAMESPACE = "sth-controllers";

    private final Set<String> leaderOnly;
    private final Runnable onGain;
    private final FileLockClusterService service;
    private final List<Route> managed = new CopyOnWriteArrayList<>();
    private final AtomicBoolean leader = new AtomicBoolean();
    private final AtomicBoolean everLeader = new AtomicBoolean();
    private final CountDownLatch firstGain = new CountDownLatch(1);
    // gains and losses are handled one at a time, off the cluster service's heartbeat thread
    private final ExecutorService changes = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sth-leadership");
        t.setDaemon(true);
        return t;
    });
    private volatile CamelContext camel;

    /**
     * @param root the folder the controllers share for the election ({@code <work>/cluster})
     * @param interval how often the leader renews its heartbeat and the others try the lock
     * @param heartbeatMultiplier after how many missed heartbeats a leader counts as gone
     * @param leaderOnly the ids of the routes that run only in the leader
     * @param onGain run when this controller becomes leader, before those routes start (may be null)
     */
    public Leadership(Path root, Duration interval, int heartbeatMultiplier, Set<String> leaderOnly, Runnable onGain) {
        if (interval.isNegative() || interval.isZero() || interval.toMinutes() > 10) {
            throw new AutomationException("sth.cluster.interval must be between 1 ms and 10 minutes (it is " + interval.toMillis()
                    + " ms; fix: set it in milliseconds, e.g. 1000)");
        }
        if (heartbeatMultiplier < 2 || heartbeatMultiplier > 100) {
            throw new AutomationException("sth.cluster.heartbeatMultiplier must be between 2 and 100 (it is " + heartbeatMultiplier
                    + "; fix: e.g. 5)");
        }
        this.leaderOnly = Set.copyOf(leaderOnly);
        this.onGain = onGain;
        this.service = new FileLockClusterService();
        service.setId("sth-leadership");
        service.setRoot(root.toAbsolutePath().toString());
        service.setAcquireLockDelay(1, TimeUnit.MILLISECONDS);
        service.setAcquireLockInterval(interval.toMillis(), TimeUnit.MILLISECONDS);
        service.setHeartbeatTimeoutMultiplier(heartbeatMultiplier);
    }

    /** Adds the cluster service to the context; call before the context starts. */
    public void attach(CamelContext context) {
        this.camel = context;
        try {
            context.addService(service);
        } catch (Exception e) {
            throw new AutomationException("Cannot add the controller election service: " + e.getMessage(), e);
        }
        context.addRoutePolicyFactory(this);
    }

    /** Joins the election; call once the context has started (the leader-only routes are loaded, not started). */
    public void join() {
        try {
            CamelClusterView view = service.getView(NAMESPACE);
            view.addEventListener((CamelClusterEventListener.Leadership) (v, leaderMember) ->
                    changes.execute(() -> apply(leaderMember != null && leaderMember.isLocal())));
            boolean now = view.getLocalMember().isLeader();
            changes.execute(() -> apply(now));
        } catch (Exception e) {
            throw new AutomationException("Cannot join the controllers' election in " + service.getRoot() + ": " + e.getMessage(), e);
        }
    }

    /** Whether this controller leads now. */
    public boolean isLeader() {
        return leader.get();
    }

    /** Whether this controller has led at any time since it started. */
    public boolean wasLeader() {
        return everLeader.get();
    }

    /** Waits up to {@code timeout} for this controller to become leader; false when another one still leads. */
    public boolean awaitLeadership(Duration timeout) {
        try {
            return firstGain.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return leader.get();
        }
    }

    /** Stops taking part: the leader-only routes stop with the context; the lock is released with the service. */
    public void close() {
        changes.shutdownNow();
    }

    private void apply(boolean nowLeader) {
        if (!leader.compareAndSet(!nowLeader, nowLeader)) {
            return;
        }
        CamelContext context = camel;
        if (nowLeader) {
            // from here on, what this controller does with runs is its own (a signal during the hook marks them interrupted)
            everLeader.set(true);
            LOG.info("This controller leads the work root ({}): starting {}", service.getRoot(), leaderOnly);
            if (onGain != null) {
                try {
                    onGain.run();
                } catch (RuntimeException e) {
                    LOG.warn("On becoming leader: {}", e.getMessage());
                }
            }
            for (Route r : managed) {
                try {
                    context.getRouteController().startRoute(r.getRouteId());
                } catch (Exception e) {
                    LOG.warn("Cannot start route {} as leader: {}", r.getRouteId(), e.getMessage());
                }
            }
            firstGain.countDown();
        } else {
            LOG.warn("This controller no longer leads the work root ({}): stopping {}", service.getRoot(), leaderOnly);
            for (Route r : managed) {
                try {
                    context.getRouteController().stopRoute(r.getRouteId(), 20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.warn("Cannot stop route {}: {}", r.getRouteId(), e.getMessage());
                }
            }
        }
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        return leaderOnly.contains(routeId) ? new LeaderOnly() : null;
    }

    /** Keeps a route from starting with the context; remembers it when it would have started, for the leader. */
    private final class LeaderOnly extends RoutePolicySupport {

        @Override
        public void onInit(Route route) {
            if (!Boolean.FALSE.equals(route.isAutoStartup())) {
                managed.add(route);
            }
            route.setAutoStartup(false);
        }
    }
}
