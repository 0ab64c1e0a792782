package org.sth.automation.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.io.Json;
import org.sth.automation.phase.recovery.WriteRecoveryProcessor;
import org.sth.automation.phase.lifecycle.Exchanges;
import org.sth.automation.phase.lifecycle.PhaseEventsRoutePolicyFactory;
import org.sth.automation.run.JsonlLedger;
import org.sth.automation.run.RunPlan;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.status.Phase;
import org.sth.automation.transport.FailureClass;
import org.sth.automation.transport.TransportException;

/**
 * Each phase route on its own, as the application loads it (routes/*.camel.yaml, application.properties, the error
 * handling route configuration and the phase-event policy), with its processor replaced by a scripted one, so no SSH
 * is involved: a message in the phase's spool comes out in the next phase's spool; a failure is redelivered and then
 * parked in recovery/<phase>/ with its error sidecar; a failure that cannot improve goes there at once.
 */
class PhaseRoutesIT extends CamelMainTestSupport {

    // a fresh work root per test (messages a route handed on must not reach the next test's routes), made on first
    // use: Camel's test support reads the properties from its constructor, before fields are initialized
    private Path work;

    private static final int HOST_POOL_THREADS = 4;

    private final Map<String, Scripted> processors = Map.of(
            "discoverHostProcessor", new Scripted(), "checkReadinessProcessor", new Scripted(), "stageBundlesProcessor", new Scripted(),
            "executeBenchmarksProcessor", new Scripted(), "collectResultsProcessor", new Scripted(), "publishResultsProcessor", new Scripted(),
            "finalizeRunProcessor", new Scripted());

    private Path work() {
        if (work == null) {
            work = tempWork();
        }
        return work;
    }

    private static Path tempWork() {
        try {
            return Files.createTempDirectory("phase-routes-it");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A processor that fails as many times as it is told, then does what a phase processor does: hands the message on. */
    static final class Scripted implements Processor {
        final AtomicInteger calls = new AtomicInteger();
        volatile int failures;
        volatile RuntimeException failure;

        @Override
        public void process(Exchange exchange) {
            calls.incrementAndGet();
            if (failures-- > 0) {
                throw failure;
            }
            PhaseMessage m = Exchanges.message(exchange);
            if (m.phase().next() != null) {
                Exchanges.forward(exchange, m);
            }
        }
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("classpath:routes/*.camel.yaml");
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = new Properties();
        p.put("sth.work", work().toString());
        p.put("sth.poll.delay", "50");
        p.put("sth.redelivery.max", "2");
        p.put("sth.redelivery.delay", "10");
        p.put("sth.intake.enabled", "false");
        return p;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        processors.forEach(registry::bind);
        WorkDirs dirs = new WorkDirs(work());
        registry.bind("writeRecoveryProcessor", new WriteRecoveryProcessor(dirs));
        registry.bind("countRedeliveryProcessor", new org.sth.automation.phase.recovery.CountRedeliveryProcessor());
        registry.bind("acceptRequestProcessor", (Processor) e -> {
            throw new AssertionError("intake is off in this test");
        });
        registry.bind("rejectRequestProcessor", (Processor) e -> {
        });
        registry.bind("settledRequestReadLock", new org.sth.automation.phase.intake.SettledRequestReadLock());
        registry.bind(Controller.HOST_POOL, java.util.concurrent.Executors.newFixedThreadPool(HOST_POOL_THREADS));
        // as the application does (Controller): the lifecycle's steps, and phase events by route policy, not by processors
        org.sth.automation.phase.lifecycle.Lifecycle.beans(holders(), new org.sth.automation.phase.lifecycle.ControllerIdentity(false))
                .forEach(registry::bind);
    }

    @Override
    protected org.apache.camel.CamelContext createCamelContext() throws Exception {
        org.apache.camel.CamelContext camel = super.createCamelContext();
        camel.addRoutePolicyFactory(new PhaseEventsRoutePolicyFactory(holders()));
        // as the application does (CamelSetup): Camel's CLI connector, started while the routes are created, races them
        // (ConcurrentModificationException in the registry, "Failed to resolve endpoint ... due to: null"). The
        // application binds a disabled factory before Camel Main reads the registry; here beans are bound only after
        // the context was created and configured, so the factory is set as the context's plugin, read at start.
        PlainCamel.withoutCliConnector(camel);
        return camel;
    }

    private org.sth.automation.engine.HostHolders holders;

    /** One record of the hosts' holders, for the spools' filter and the phase-event policy, as in the application. */
    private synchronized org.sth.automation.engine.HostHolders holders() {
        if (holders == null) {
            holders = new org.sth.automation.engine.HostHolders(new WorkDirs(work()));
        }
        return holders;
    }

    @BeforeEach
    void onlyTheRouteUnderTestRuns() throws Exception {
        assertThat(context.hasService(org.apache.camel.spi.CliConnector.class))
                .as("Camel's own CLI connector is off while the routes are created").isNull();
        for (Phase p : Phase.values()) {
            context.getRouteController().stopRoute(p.routeId());
        }
    }

    @org.junit.jupiter.api.AfterEach
    void removeWorkRoot() throws java.io.IOException {
        try (var files = Files.walk(work())) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private Path newRun(Phase phase) {
        return newRun(phase, "h1");
    }

    private Path newRun(Phase phase, String host) {
        String runId = "r-" + phase.id() + "-" + System.nanoTime();
        Path dir = work().resolve("runs").resolve(runId);
        RunStore.create(dir, new RunPlan(runId, "req", host, List.of("b1"), work().resolve("c.toml").toString(), work().toString(),
                Instant.now()), Duration.ofSeconds(15));
        new WorkDirs(work()).enqueue(new PhaseMessage(runId, dir, host, phase, 1, Instant.now()));
        return dir;
    }

    private List<String> events(Path run) {
        List<String> out = new ArrayList<>();
        for (ObjectNode e : JsonlLedger.read(run.resolve("events.jsonl")).records()) {
            out.add(e.path("event").asText() + ":" + e.path("phase").asText() + ":" + e.path("outcome").asText());
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Phase.class)
    void aMessageInThePhaseSpoolComesOutInTheNextPhaseSpool(Phase phase) throws Exception {
        // given
        NotifyBuilder done = new NotifyBuilder(context).fromRoute(phase.routeId()).whenDone(1).create();
        Path run = newRun(phase);
        String file = run.getFileName() + ".json";

        // when
        context.getRouteController().startRoute(phase.routeId());

        // then
        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        WorkDirs dirs = new WorkDirs(work());
        // the consumer deletes the message once its exchange completed: a moment after NotifyBuilder saw it done
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(dirs.spool(phase).resolve(file)));
        if (phase.next() != null) {
            PhaseMessage next = PhaseMessage.parse(Files.readString(dirs.spool(phase.next()).resolve(file)), file);
            assertThat(next.phase()).isEqualTo(phase.next());
            assertThat(next.runId()).isEqualTo(run.getFileName().toString());
        }
        assertThat(events(run)).contains("phase_entered:" + phase.id() + ":", "phase_left:" + phase.id() + ":completed");
        assertThat(processors.values().stream().mapToInt(p -> p.calls.get()).sum()).isEqualTo(1);
    }

    @Test
    void aRunSentBackToAnEarlierPhaseGoesOnThroughPhasesItCompletedBeforeButAStaleCopyIsDropped() throws Exception {
        // given a run that went through stage and execute, then was sent back to stage (resume re-checking readiness)
        Path resumed = newRun(Phase.EXECUTE);
        RunStore store = RunStore.open(resumed);
        for (Phase p : List.of(Phase.STAGE, Phase.EXECUTE)) {
            store.phaseEntered(p, 1);
            store.phaseLeft(p, org.sth.automation.run.status.PhaseState.COMPLETED, null);
        }
        store.resumed(Phase.STAGE, "re-queued at stage");
        store.phaseEntered(Phase.STAGE, 2);
        store.phaseLeft(Phase.STAGE, org.sth.automation.run.status.PhaseState.COMPLETED, null);
        // and a run (of another host) already in collect, whose execute message a crash left behind
        Path stale = newRun(Phase.EXECUTE, "h2");
        RunStore ahead = RunStore.open(stale);
        for (Phase p : List.of(Phase.STAGE, Phase.EXECUTE, Phase.COLLECT)) {
            ahead.phaseEntered(p, 1);
            ahead.phaseLeft(p, org.sth.automation.run.status.PhaseState.COMPLETED, null);
        }
        NotifyBuilder done = new NotifyBuilder(context).fromRoute(Phase.EXECUTE.routeId()).whenDone(2).create();

        // when
        context.getRouteController().startRoute(Phase.EXECUTE.routeId());

        // then the sent-back run enters execute again and goes on; the stale copy is dropped, its run untouched
        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(events(resumed)).containsSubsequence("phase_entered:execute:", "phase_left:execute:completed",
                "phase_entered:execute:", "phase_left:execute:completed");
        assertThat(events(stale)).contains("duplicate_dropped:execute:").filteredOn(e -> e.startsWith("phase_entered:execute"))
                .hasSize(1);
        assertThat(processors.get(beanOf(Phase.EXECUTE)).calls.get()).isEqualTo(1);
    }

    @Test
    void aMessageWaitingForAHostPoolThreadIsQueuedNotInItsPhase() throws Exception {
        // given every thread of the host pool busy (more hosts in flight than max_parallel_hosts)
        java.util.concurrent.ExecutorService pool = context.getRegistry().lookupByNameAndType(Controller.HOST_POOL,
                java.util.concurrent.ExecutorService.class);
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch allTaken = new java.util.concurrent.CountDownLatch(HOST_POOL_THREADS);
        for (int i = 0; i < HOST_POOL_THREADS; i++) {
            pool.submit(() -> {
                allTaken.countDown();
                return busy.await(60, TimeUnit.SECONDS);
            });
        }
        assertThat(allTaken.await(10, TimeUnit.SECONDS)).isTrue();
        NotifyBuilder done = new NotifyBuilder(context).fromRoute(Phase.EXECUTE.routeId()).whenDone(1).create();
        Path run = newRun(Phase.EXECUTE);
        // a run that has just finished stage
        RunStore.open(run).phaseEntered(Phase.STAGE, 1);
        RunStore.open(run).phaseLeft(Phase.STAGE, org.sth.automation.run.status.PhaseState.COMPLETED, null);
        try {
            // when the spool hands the message to the pool, which has no thread for it
            context.getRouteController().startRoute(Phase.EXECUTE.routeId());
            await().atMost(Duration.ofSeconds(10)).until(() -> context.getInflightRepository().size(Phase.EXECUTE.routeId()) == 1);

            // then the run is not in execute: no phase_entered, and an hour later it is still queued, never stalled
            assertThat(events(run)).noneMatch(e -> e.startsWith("phase_entered:execute"));
            ObjectNode status = Json.readObject(run.resolve("status.json"));
            org.sth.automation.run.StatusDerivation.apply(status, new org.sth.automation.run.RunLayout(run), Instant.now().plusSeconds(3600));
            assertThat(status.path("monitoring").path("state").asText()).isEqualTo("queued");
            assertThat(status.path("monitoring").path("waiting_for").asText()).contains("spool/execute");
        } finally {
            busy.countDown();
        }
        // and once a thread is free it enters the phase and completes it
        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(events(run)).containsSubsequence("phase_entered:execute:", "phase_left:execute:completed");
    }

        @ParameterizedTest
    @EnumSource(value = Phase.class, names = {"DISCOVER", "EXECUTE", "FINALIZE"})
    void aFailureIsRedeliveredThenTheMessageGoesOn(Phase phase) throws Exception {
        // given a processor that fails as often as it is redelivered, with an error worth retrying
        Scripted p = processors.get(beanOf(phase));
        p.failures = redeliveries();
        p.failure = new IllegalStateException("flaky");
        NotifyBuilder done = new NotifyBuilder(context).fromRoute(phase.routeId()).whenDone(1).create();
        Path run = newRun(phase);

        // when
        context.getRouteController().startRoute(phase.routeId());

        // then
        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.calls.get()).isEqualTo(redeliveries() + 1);
        assertThat(new WorkDirs(work()).recovery(phase).resolve(run.getFileName() + ".json")).doesNotExist();
        assertThat(events(run)).contains("phase_left:" + phase.id() + ":completed");
    }

    @ParameterizedTest
    @EnumSource(value = Phase.class, names = {"PREFLIGHT", "COLLECT"})
    void aFailureThatOutlastsItsRedeliveriesIsParkedInRecoveryWithItsSidecar(Phase phase) throws Exception {
        // given
        Scripted p = processors.get(beanOf(phase));
        p.failures = Integer.MAX_VALUE;
        p.failure = new IllegalStateException("broken for good");
        NotifyBuilder done = new NotifyBuilder(context).fromRoute(phase.routeId()).whenDone(1).create();
        Path run = newRun(phase);
        String file = run.getFileName() + ".json";

        // when
        context.getRouteController().startRoute(phase.routeId());

        // then
        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        WorkDirs dirs = new WorkDirs(work());
        assertThat(p.calls.get()).as("first try + the redeliveries").isEqualTo(redeliveries() + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(dirs.spool(phase).resolve(file)));
        assertThat(dirs.recovery(phase).resolve(file)).exists();
        ObjectNode sidecar = Json.readObject(dirs.recovery(phase).resolve(run.getFileName() + ".error.json"));
        assertThat(sidecar.path("error").asText()).isEqualTo("broken for good");
        // tried as an operator: "redeliveries": 0 after 3 attempts (useOriginalMessage drops Camel's counter)
        assertThat(sidecar.path("redeliveries").asInt()).isEqualTo(redeliveries());
        assertThat(sidecar.path("attempts").asInt()).isEqualTo(redeliveries() + 1);
        assertThat(sidecar.path("replay_command").asText()).contains("replay", file);
        assertThat(Json.readObject(run.resolve("status.json")).path("state").asText()).isEqualTo("recovery");
    }

    @Test
    void aHostThatOutlastedItsOwnRetryPolicyIsNotRedelivered() throws Exception {
        // given the host's [hosts.retry] policy already made its 2 connection attempts (tried as an operator:
        // host retries x Camel redeliveries made 6 attempts where the policy said 2 or 3)
        Scripted p = processors.get(beanOf(Phase.DISCOVER));
        p.failures = Integer.MAX_VALUE;
        p.failure = new TransportException(FailureClass.CONNECTION_REFUSED, "h1", "h1", "refused", null).afterAttempts(2);
        NotifyBuilder done = new NotifyBuilder(context).fromRoute(Phase.DISCOVER.routeId()).whenDone(1).create();
        Path run = newRun(Phase.DISCOVER);

        // when
        context.getRouteController().startRoute(Phase.DISCOVER.routeId());

        // then one delivery, straight to recovery, the policy's attempts on record
        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.calls.get()).isEqualTo(1);
        ObjectNode sidecar = Json.readObject(new WorkDirs(work()).recovery(Phase.DISCOVER).resolve(run.getFileName() + ".error.json"));
        assertThat(sidecar.path("redeliveries").asInt()).isZero();
        assertThat(sidecar.path("connection_attempts").asInt()).isEqualTo(2);
        assertThat(sidecar.path("error").asText()).contains("gave up after 2 attempts");
    }

    @ParameterizedTest
    @EnumSource(value = Phase.class, names = {"DISCOVER", "STAGE"})
    void aFailureThatCannotImproveGoesToRecoveryAtOnce(Phase phase) throws Exception {
        // given an authentication failure: retrying cannot help
        Scripted p = processors.get(beanOf(phase));
        p.failures = Integer.MAX_VALUE;
        p.failure = new TransportException(FailureClass.AUTH_FAILED, "h1", "h1", "rejected", null);
        NotifyBuilder done = new NotifyBuilder(context).fromRoute(phase.routeId()).whenDone(1).create();
        Path run = newRun(phase);

        // when
        context.getRouteController().startRoute(phase.routeId());

        // then
        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.calls.get()).isEqualTo(1);
        assertThat(new WorkDirs(work()).recovery(phase).resolve(run.getFileName() + ".json")).exists();
    }

    @ParameterizedTest
    @EnumSource(value = Phase.class, names = {"EXECUTE"})
    void aTornMessageIsParkedInRecoveryNamingTheProblem(Phase phase) throws Exception {
        // given
        WorkDirs dirs = new WorkDirs(work());
        Files.createDirectories(dirs.spool(phase));
        Files.writeString(dirs.spool(phase).resolve("torn.json"), "{\"run_id\": \"x\", \"run_d");
        NotifyBuilder done = new NotifyBuilder(context).fromRoute(phase.routeId()).whenDone(1).create();

        // when
        context.getRouteController().startRoute(phase.routeId());

        // then
        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(dirs.recovery(phase).resolve("torn.json")).exists();
        assertThat(Json.readObject(dirs.recovery(phase).resolve("torn.error.json")).path("error").asText()).contains("invalid or truncated JSON");
        // the take step refuses it: the phase's work never sees a message it cannot read
        assertThat(processors.get(beanOf(phase)).calls.get()).isZero();
    }

    /** The redeliveries in force (another test in this JVM may have set sth.redelivery.max as a system property). */
    private int redeliveries() {
        return Integer.parseInt(context.resolvePropertyPlaceholders("{{sth.redelivery.max}}"));
    }

    private static String beanOf(Phase phase) {
        return switch (phase) {
            case DISCOVER -> "discoverHostProcessor";
            case PREFLIGHT -> "checkReadinessProcessor";
            case STAGE -> "stageBundlesProcessor";
            case EXECUTE -> "executeBenchmarksProcessor";
            case COLLECT -> "collectResultsProcessor";
            case PUBLISH -> "publishResultsProcessor";
            case FINALIZE -> "finalizeRunProcessor";
        };
    }
}
