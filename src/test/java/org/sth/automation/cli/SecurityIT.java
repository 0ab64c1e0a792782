package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.OpenSshd;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.observe.HttpOptions;
import org.sth.automation.phase.broker.BrokerCredentials;

/**
 * Issue 23, probed as an attacker on the operator's own machine would (a web page in the operator's browser, another
 * local account), against one real {@code serve} with every flag that widens its surface: {@code --http-port} on
 * loopback with a token, {@code --dev-consoles} and {@code --embedded-broker}. Each finding of the issue is a test:
 * developer consoles without token or Host check, bodies read before the token, a broker without security and with a
 * WebSocket acceptor, no Host check (DNS rebinding), replay of any path, the token and content type from the query, lost
 * response headers; and the run pages' cross-site protections in headless Chromium.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityIT {

    private static final String TOKEN = "security-it-token-0123456789abcdef";

    @TempDir
    static Path dir;

    private DemoEnvironment env;
    private Process serve;
    private int port;
    private int brokerPort;
    private Path work;

    @BeforeAll
    void serveWithEveryFlag() throws Exception {
        env = DemoEnvironment.start(dir.resolve("demo"), 0, null);
        work = dir.resolve("demo/work");
        port = OpenSshd.freePort();
        brokerPort = OpenSshd.freePort();
        ProcessBuilder pb = Cli.controller(dir.resolve("serve.log"), "serve", "--config", env.config().toString(), "--http-port",
                Integer.toString(port), "--dev-consoles", "--embedded-broker", "--broker-port", Integer.toString(brokerPort));
        pb.environment().put(HttpOptions.TOKEN_ENV, TOKEN);
        // the launcher's heap (bin/sth-bench-automation): the bound the flood of bodies exhausted before
        pb.command().addAll(1, List.of("-Xmx384m", "-XX:+UseSerialGC"));
        serve = pb.start();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Http.get(port, "/observe/health/live").code() == 200);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("serve did not answer: " + Http.get(port, "/observe/health/live") + "\n"
                    + Files.readString(dir.resolve("serve.log")), e);
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (serve != null) {
            serve.destroy();
            if (!serve.waitFor(60, TimeUnit.SECONDS)) {
                serve.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (env != null) {
            env.close();
        }
    }

    private Map<String, String> token() {
        return Map.of("Authorization", "Bearer " + TOKEN);
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void devConsolesNeedTheTokenAndAValidHostAndOfferNoConsoleThatSendsReceivesOrActs() throws Exception {
        // given a folder a console could write to, and a secret file one could read back
        Path target = Files.createDirectories(dir.resolve("console-target"));
        Path secrets = Files.createDirectories(dir.resolve("console-secrets"));
        Files.writeString(secrets.resolve("id_demo"), "PRIVATE-KEY-MATERIAL\n");
        String write = "/q/dev/send?endpoint=" + q("file:" + target) + "&body=pwned";
        String read = "/q/dev/send?endpoint=" + q("file:" + secrets + "?noop=true&idempotent=false") + "&poll=true&pollTimeout=1000";

        // when an <img> tag of any web page asks (no token), or a rebinding page with the token (its own Host)
        Http.Raw noToken = Http.raw(port, "GET", write, Map.of(), null);
        Http.Raw foreignHost = Http.raw(port, "GET", write, Map.of("Host", "evil.example:" + port, "Authorization", "Bearer " + TOKEN), null);

        // then both are refused before any console runs
        assertThat(noToken.code()).as(noToken.toString()).isEqualTo(401);
        assertThat(noToken.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(foreignHost.code()).as(foreignHost.toString()).isEqualTo(403);
        assertThat(Http.raw(port, "GET", "/q/dev", Map.of(), null).code()).isEqualTo(401);
        assertThat(Http.raw(port, "GET", "/q/dev/sth-runs", Map.of("Host", "evil.example"), null).code()).isEqualTo(403);
        for (String spelled : List.of("/api/../q/dev/sth-runs", "/runs/%2e%2e/q/dev/sth-runs", "//q/dev/sth-runs", "/./q/dev/sth-runs",
                "/observe/..%2fq/dev/sth-runs")) {
            assertThat(Http.raw(port, "GET", spelled, Map.of(), null).code()).as("no spelling of the path skips the token: " + spelled)
                    .isIn(401, 404);
        }

        // when even the token holder asks for the consoles that send, receive or act
        Http.Raw sent = Http.raw(port, "GET", write, token(), null);
        Http.Raw polled = Http.raw(port, "GET", read, token(), null);
        Http.Raw stop = Http.raw(port, "GET", "/q/dev/route?filter=http-api-replay&action=stop", token(), null);
        Http.Raw stopAll = Http.raw(port, "GET", "/q/dev/all?filter=*&action=stop", token(), null);
        Http.Raw index = Http.raw(port, "GET", "/q/dev", token(), null);

        // then there are none: nothing written, nothing read back, no route stopped
        assertThat(sent.body()).doesNotContain("Status: success");
        assertThat(target).isEmptyDirectory();
        assertThat(polled.body()).doesNotContain("PRIVATE-KEY-MATERIAL");
        assertThat(stop.code()).isEqualTo(200);
        assertThat(stopAll.code()).isEqualTo(200);
        Http.Raw route = Http.raw(port, "GET", "/q/dev/route?filter=http-api-replay", token(), null);
        assertThat(route.body()).contains("Id: http-api-replay", "State: Started");
        assertThat(Http.raw(port, "POST", "/api/recovery/replay", Map.of("Authorization", "Bearer " + TOKEN, "Content-Type",
                "application/json"), "{\"id\": \"discover/none\"}").code()).as("the replay route still answers").isEqualTo(400);
        assertThat(index.body()).contains("sth-runs:", "route:", "context:", "health:")
                .doesNotContain("send:", "receive:", "browse:", "processor:", "route-group:", "debug:", "trace:", "reload:",
                        "properties:", "system-properties:", "bean:", "variables:");
        // and the read-only ones answer the token holder
        assertThat(Http.raw(port, "GET", "/q/dev/sth-runs", token(), null).code()).isEqualTo(200);
    }

    @Test
    void aFloodOfUnauthenticatedBodiesIsRefusedUnreadAndHealthKeepsAnswering() throws Exception {
        // given 60 posts of 10 MiB without a token, 30 at a time (before: 817 OutOfMemoryErrors, health silent for minutes)
        byte[] body = new byte[10 << 20];
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Semaphore slots = new Semaphore(30);
        List<CompletableFuture<Integer>> posts = new ArrayList<>();
        List<Long> healthMillis = new CopyOnWriteArrayList<>();
        List<Integer> healthCodes = new CopyOnWriteArrayList<>();

        // when they are sent while health is asked every 200 ms
        for (int i = 0; i < 60; i++) {
            slots.acquire();
            HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/recovery/replay"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            posts.add(client.sendAsync(r, HttpResponse.BodyHandlers.discarding()).handle((a, e) -> {
                slots.release();
                return a == null ? -1 : a.statusCode();
            }));
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            long t0 = System.nanoTime();
            healthCodes.add(Http.get(port, "/observe/health/live").code());
            healthMillis.add((System.nanoTime() - t0) / 1_000_000);
            return posts.stream().allMatch(CompletableFuture::isDone);
        });

        // then each was refused (401) or cut off unread, and health answered throughout
        assertThat(posts).allSatisfy(p -> assertThat(p.join()).isIn(401, -1));
        assertThat(healthCodes).isNotEmpty().allSatisfy(c -> assertThat(c).isEqualTo(200));
        assertThat(healthMillis).allSatisfy(ms -> assertThat(ms).isLessThan(5_000));
        assertThat(Http.get(port, "/observe/health/live").code()).isEqualTo(200);
        assertThat(Files.readString(dir.resolve("serve.log"))).doesNotContain("OutOfMemoryError");

        // and a body over the bound is refused even with the token
        Http.Raw big = Http.raw(port, "POST", "/api/recovery/replay", Map.of("Authorization", "Bearer " + TOKEN, "Content-Type",
                "application/json"), "{\"id\": \"" + "x".repeat(10_000) + "\"}");
        assertThat(big.code()).as(big.toString()).isEqualTo(413);
    }

    @Test
    void theEmbeddedBrokerRefusesClientsWithoutItsCredentialsAndOffersNoWebSocket() throws Exception {
        // given the embedded broker's credentials, generated into the work root, owner-only
        Path file = work.resolve(BrokerCredentials.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Properties stored = new Properties();
        try (var r = Files.newBufferedReader(file)) {
            stored.load(r);
        }
        String url = "tcp://127.0.0.1:" + brokerPort + "?reconnectAttempts=0&initialConnectAttempts=1";

        try (ActiveMQConnectionFactory other = new ActiveMQConnectionFactory(url)) {
            // when another local account connects without them, with a guess, or as Artemis's default cluster user
            // then it is refused
            assertThatThrownBy(other::createConnection).isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> other.createConnection("sth", "guessed-password-0123456789")).isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> other.createConnection("ACTIVEMQ.CLUSTER.ADMIN.USER", "CHANGE ME!!"))
                    .isInstanceOf(JMSSecurityException.class);
            // and the controllers of this work root, which read them, get in
            try (Connection own = other.createConnection(stored.getProperty("user"), stored.getProperty("password"))) {
                own.start();
            }
        }

        // when a web page opens a WebSocket to the broker port (its own Origin), or posts to it
        CompletableFuture<WebSocket> ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "http://evil.example")
                .connectTimeout(Duration.ofSeconds(5)).buildAsync(URI.create("ws://127.0.0.1:" + brokerPort + "/"), new WebSocket.Listener() { });
        Http.Raw post = Http.raw(brokerPort, "POST", "/", Map.of("Origin", "http://evil.example", "Content-Type", "text/plain"), "x");

        // then there is no WebSocket and no HTTP there: the connection closes without an answer
        assertThatThrownBy(() -> ws.get(30, TimeUnit.SECONDS)).hasRootCauseInstanceOf(java.io.IOException.class);
        assertThat(post.code()).as(post.toString()).isEqualTo(-1);
        // and the password is in no output of the controller
        assertThat(Files.readString(dir.resolve("serve.log"))).doesNotContain(stored.getProperty("password"));
        assertThat(Http.raw(port, "GET", "/q/dev/context", token(), null).body()).doesNotContain(stored.getProperty("password"));
    }

    @Test
    void noHostButThisControllersNamesIsAnsweredSoADnsRebindingPageReadsNothing() {
        // when a page whose name now resolves to this machine reads the read API (Host: its own name)
        for (String path : List.of("/", "/api/runs", "/api/recovery", "/api/runs/x", "/api/requests/x", "/observe/health", "/observe/metrics",
                "/assets/sth.js")) {
            Http.Raw rebound = Http.raw(port, "GET", path, Map.of("Host", "evil.example:" + port), null);

            // then it gets 403 and nothing of the controller
            assertThat(rebound.code()).as(path + ": " + rebound).isEqualTo(403);
            assertThat(rebound.body()).contains("is not a name this controller answers to").doesNotContain("\"runs\"", "run_dir");
        }
        // and a forwarded host neither lets one in nor shuts one out
        assertThat(Http.raw(port, "GET", "/api/runs", Map.of("Host", "evil.example:" + port, "X-Forwarded-Host", "127.0.0.1:" + port,
                "Forwarded", "host=127.0.0.1"), null).code()).isEqualTo(403);
        assertThat(Http.raw(port, "GET", "/api/runs", Map.of("X-Forwarded-Host", "evil.example"), null).code()).isEqualTo(200);
        // while the names of this machine are answered (over HTTP/1.1 and, from Java's client, h2c)
        assertThat(Http.get(port, "/api/runs").code()).isEqualTo(200);
        assertThat(Http.raw(port, "GET", "/api/runs", Map.of("Host", "localhost:" + port), null).code()).isEqualTo(200);
        assertThat(Http.raw(port, "GET", "/api/runs", Map.of(), null).code()).isEqualTo(200);
        assertThat(Http.raw(port, "GET", "/api/runs", Map.of("Host", ""), null).code()).isIn(400, 403);
    }

    @Test
    void replayTakesOnlyParkedMessagesTheTokenFromItsHeaderAndNoOtherSitesRequest() throws Exception {
        // given a message parked in recovery, and a phase message file outside the work root
        Path parked = work.resolve("recovery/discover/parked-1.json");
        Files.createDirectories(parked.getParent());
        Files.writeString(parked, "{\"run_id\": \"parked-1\"}\n");
        Path outside = Files.createDirectories(dir.resolve("elsewhere/recovery/discover")).resolve("done-1.json");
        Files.writeString(outside, "SECRETWORD:x:0:0:root:/root:/bin/sh\n");
        Map<String, String> json = Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");

        // when the token holder names the outside file, and a path that does not exist
        Http.Raw existing = Http.raw(port, "POST", "/api/recovery/replay", json, "{\"id\": \"" + outside + "\"}");
        Http.Raw absent = Http.raw(port, "POST", "/api/recovery/replay", json, "{\"id\": \"" + outside.resolveSibling("absent.json") + "\"}");

        // then both are refused alike, and the file is neither read nor moved
        assertThat(existing.code()).isEqualTo(400);
        assertThat(existing.body()).contains("no recovery message").doesNotContain("SECRETWORD", "Unrecognized token");
        assertThat(existing.body().replace("done-1.json", "X")).isEqualTo(absent.body().replace("absent.json", "X"));
        assertThat(outside).exists();
        assertThat(work.resolve("spool/discover/done-1.json")).doesNotExist();

        // when the token comes in the query, the content type in the query, or the request from another site's page
        Http.Raw queryToken = Http.raw(port, "POST", "/api/recovery/replay?Authorization=" + q("Bearer " + TOKEN),
                Map.of("Content-Type", "application/json"), "{\"id\": \"discover/parked-1\"}");
        Http.Raw queryType = Http.raw(port, "POST", "/api/recovery/replay?Content-Type=" + q("application/json"),
                Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "text/plain"), "{\"id\": \"discover/parked-1\"}");
        Http.Raw crossSite = Http.raw(port, "POST", "/api/recovery/replay", Map.of("Authorization", "Bearer " + TOKEN, "Content-Type",
                "application/json", "Origin", "http://evil.example"), "{\"id\": \"discover/parked-1\"}");
        Http.Raw opaque = Http.raw(port, "POST", "/api/recovery/replay", Map.of("Authorization", "Bearer " + TOKEN, "Content-Type",
                "application/json", "Origin", "null"), "{\"id\": \"discover/parked-1\"}");

        // then each is refused, and the parked message stays where it is
        assertThat(queryToken.code()).as(queryToken.toString()).isEqualTo(401);
        assertThat(queryType.code()).as(queryType.toString()).isEqualTo(415);
        assertThat(crossSite.code()).as(crossSite.toString()).isEqualTo(403);
        assertThat(opaque.code()).isEqualTo(403);
        assertThat(parked).exists();
        // while this controller's own page passes the Origin check (and gets the replay's own answer)
        Http.Raw samePage = Http.raw(port, "POST", "/api/recovery/replay", Map.of("Authorization", "Bearer " + TOKEN, "Content-Type",
                "application/json", "Origin", "http://127.0.0.1:" + port), "{\"id\": \"discover/none\"}");
        assertThat(samePage.code()).as(samePage.toString()).isEqualTo(400);
        assertThat(samePage.body()).contains("no recovery message 'discover/none'");
    }

    @Test
    void theSecurityHeadersArriveOnEveryAnswer() {
        for (Http.Raw a : List.of(Http.raw(port, "GET", "/", Map.of(), null), Http.raw(port, "GET", "/api/runs", Map.of(), null),
                Http.raw(port, "GET", "/observe/health", Map.of(), null), Http.raw(port, "GET", "/assets/sth.css", Map.of(), null),
                Http.raw(port, "GET", "/api/runs", Map.of("Host", "evil.example"), null), Http.raw(port, "GET", "/q/dev", Map.of(), null))) {
            assertThat(a.header("Cache-Control")).as(a.toString()).isEqualTo("no-store");
            assertThat(a.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(a.header("Content-Security-Policy")).contains("default-src 'self'", "frame-ancestors 'none'");
            assertThat(a.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(a.header("Cross-Origin-Resource-Policy")).isEqualTo("same-origin");
        }
    }

    @Test
    void aPageOfAnotherSiteInChromiumCanNeitherReadNorFrameNorActAndARebindingPageSeesNothing() throws Exception {
        // given a page of another site (attacker.example, resolved to this machine by the browser) that tries everything
        Path target = Files.createDirectories(dir.resolve("page-target"));
        String t = "http://127.0.0.1:" + port;
        String page = "<!DOCTYPE html><html><body><pre id=\"out\"></pre>"
                + "<img src=\"" + t + "/q/dev/send?endpoint=" + q("file:" + target) + "&amp;body=pwned\">"
                + "<img src=\"" + t + "/q/dev/route?filter=http-api-replay&amp;action=stop\">"
                + "<iframe src=\"" + t + "/\"></iframe><script>"
                + "const out = document.getElementById('out'); const log = s => out.textContent += s + '\\n';"
                + "fetch('" + t + "/api/runs').then(r => r.text()).then(x => log('read:' + x.length)).catch(e => log('read-blocked'));"
                + "fetch('" + t + "/api/recovery/replay', {method: 'POST', mode: 'no-cors', headers: {'Content-Type': 'text/plain'},"
                + " body: '{\"id\": \"discover/parked-2\"}'}).then(r => log('replay-answered')).catch(e => log('replay-blocked'));"
                + "</script></body></html>";
        Path parked = work.resolve("recovery/discover/parked-2.json");
        Files.createDirectories(parked.getParent());
        Files.writeString(parked, "{\"run_id\": \"parked-2\"}\n");
        HttpServer attacker = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        attacker.createContext("/", x -> {
            byte[] b = page.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        attacker.start();
        String resolve = "--host-resolver-rules=MAP attacker.example 127.0.0.1, MAP evil.example 127.0.0.1";
        try {
            // when the operator's browser opens it
            Chromium.Output visit = Chromium.runLogged(dir.resolve("chromium-attacker"), resolve, "--dump-dom",
                    "http://attacker.example:" + attacker.getAddress().getPort() + "/");

            // then it read nothing, framed nothing, wrote nothing, stopped nothing and replayed nothing
            String out = visit.out().substring(visit.out().indexOf("<pre id=\"out\">"), visit.out().indexOf("</pre>"));
            assertThat(out).contains("read-blocked").doesNotContain("read:");
            assertThat(visit.log()).contains("frame-ancestors 'none'");
            assertThat(target).isEmptyDirectory();
            assertThat(parked).exists();
            assertThat(Http.raw(port, "GET", "/q/dev/route?filter=http-api-replay", token(), null).body()).contains("State: Started");
        } finally {
            attacker.stop(0);
        }

        // when a page at evil.example, rebound to this machine, reads the runs as its own origin
        String rebound = Chromium.run(dir.resolve("chromium-rebound"), resolve, "--dump-dom", "http://evil.example:" + port + "/api/runs");

        // then it sees the refusal, not the runs
        assertThat(rebound).contains("is not a name this controller answers to").doesNotContain("\"runs\"");
        // and the pages still work in the browser under their own policy
        assertThat(Chromium.run(dir.resolve("chromium-own"), "--dump-dom", t + "/")).contains("<table class=\"runs\"");
    }
}
