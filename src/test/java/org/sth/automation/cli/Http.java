package org.sth.automation.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny HTTP client for the daemon tests: status code and body, or "unreachable". */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {
    }

    /** Code and body of one answer; code -1 when nothing answered. */
    record Answer(int code, String body) {

        @Override
        public String toString() {
            return code + " " + body;
        }
    }

    static Answer get(int port, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    static Answer post(int port, String path, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    private static Answer send(HttpRequest r) {
        try {
            HttpResponse<String> a = CLIENT.send(r, HttpResponse.BodyHandlers.ofString());
            return new Answer(a.statusCode(), a.body());
        } catch (Exception e) {
            return new Answer(-1, "unreachable " + e);
        }
    }
}
