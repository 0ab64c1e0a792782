package org.sth.automation.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

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

    /** Code, header block (names in lower case) and body of one answer; code -1 when the connection ended without one. */
    record Raw(int code, String head, String body) {

        /** The value of response header {@code name}, or null. */
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return code + "\n" + head + "\n\n" + body;
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

    /**
     * One request as curl would send it, over a plain socket to 127.0.0.1:{@code port}: any request target and any
     * headers, {@code Host} and {@code Origin} among them ({@code Host} defaults to 127.0.0.1:port; a null value leaves a
     * header out). The connection closes after the answer.
     */
    static Raw raw(int port, String method, String target, Map<String, String> headers, String body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + port);
        h.putAll(headers);
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            h.putIfAbsent("Content-Length", Integer.toString(payload.length));
        }
        h.put("Connection", "close");
        StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        h.forEach((name, value) -> {
            if (value != null) {
                request.append(name).append(": ").append(value).append("\r\n");
            }
        });
        request.append("\r\n");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(payload);
            out.flush();
            return parse(s.getInputStream().readAllBytes());
        } catch (IOException e) {
            return new Raw(-1, "", "connection ended: " + e);
        }
    }

    private static Raw parse(byte[] all) throws IOException {
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/") || end < 0) {
            return new Raw(-1, "", "no answer (" + all.length + " bytes)");
        }
        String head = text.substring(0, end);
        int code = Integer.parseInt(head.substring(9, 12));
        byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        if ("chunked".equalsIgnoreCase(new Raw(code, head, "").header("Transfer-Encoding"))) {
            rest = dechunk(new java.io.ByteArrayInputStream(rest));
        }
        return new Raw(code, head, new String(rest, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            StringBuilder size = new StringBuilder();
            for (int c = in.read(); c != '\n' && c != -1; c = in.read()) {
                if (c != '\r') {
                    size.append((char) c);
                }
            }
            int n = size.isEmpty() ? 0 : Integer.parseInt(size.toString().split(";")[0].strip(), 16);
            if (n == 0) {
                return out.toByteArray();
            }
            out.write(in.readNBytes(n));
            in.skip(2);
        }
    }
}
