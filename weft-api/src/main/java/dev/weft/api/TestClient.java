package dev.weft.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.http.client.ClientRequest;
import dev.weft.http.client.ClientResponse;
import dev.weft.http.client.HttpClient;
import dev.weft.http.client.RequestBody;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.LocalExchange;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Calls an app in tests (FastAPI's {@code TestClient}): {@link #of} answers in process, without a socket,
 * through the app's middlewares and routes exactly as the server would; {@link #serving} starts a real
 * server on a free port of 127.0.0.1 and talks HTTP to it, for what needs a connection (startup hooks,
 * streaming, timeouts). Both give the same {@link TestResponse}. Thread-safe; close it to stop the server.
 *
 * {@snippet :
 * try (var client = TestClient.of(app)) {
 *     TestResponse created = client.post("/users", Map.of("name", "Ada", "age", 36));
 *     assertThat(created.status()).isEqualTo(201);
 * }
 * }
 */
public final class TestClient implements AutoCloseable {
    private final WebApp app;
    private final HttpServer server;
    private final HttpClient http;

    private TestClient(WebApp app, HttpServer server, HttpClient http) {
        this.app = app;
        this.server = server;
        this.http = http;
    }

    /** A client answering in process. */
    public static TestClient of(WebApp app) {
        return new TestClient(Objects.requireNonNull(app, "app"), null, null);
    }

    /** A client of a real server started for {@code app} on a free port of 127.0.0.1 (its startup hooks run). */
    public static TestClient serving(WebApp app) {
        HttpServer server = HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).build());
        return new TestClient(app, server, HttpClient.create());
    }

    /** The server's base URL ({@code http://127.0.0.1:PORT}), or {@code http://testserver} in process. */
    public String baseUrl() {
        return server == null ? "http://testserver" : "http://127.0.0.1:" + server.port();
    }

    /** GET {@code target} (a path with an optional query). */
    public TestResponse get(String target) {
        return request("GET", target).send();
    }

    /** DELETE {@code target}. */
    public TestResponse delete(String target) {
        return request("DELETE", target).send();
    }

    /** POST {@code json} (serialised) to {@code target}. */
    public TestResponse post(String target, Object json) {
        return request("POST", target).json(json).send();
    }

    /** PUT {@code json} (serialised) to {@code target}. */
    public TestResponse put(String target, Object json) {
        return request("PUT", target).json(json).send();
    }

    /** PATCH {@code json} (serialised) to {@code target}. */
    public TestResponse patch(String target, Object json) {
        return request("PATCH", target).json(json).send();
    }

    /** A request to build: headers, a body, then {@link RequestBuilder#send()}. */
    public RequestBuilder request(String method, String target) {
        return new RequestBuilder(method, target);
    }

    /** Stops the server, if any. */
    @Override
    public void close() {
        if (server != null) {
            http.close();
            server.close();
        }
    }

    /** One request being built; not thread-safe. */
    public final class RequestBuilder {
        private final String method;
        private final String target;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private byte[] body = new byte[0];

        private RequestBuilder(String method, String target) {
            this.method = method;
            this.target = target;
        }

        /** Adds a header field. */
        public RequestBuilder header(String name, String value) {
            headers.add(Map.entry(name, value));
            return this;
        }

        /** Sets the body to {@code value} as JSON, with {@code Content-Type: application/json}. */
        public RequestBuilder json(Object value) {
            try {
                return body(ApiJson.MAPPER.writeValueAsBytes(value), "application/json");
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot serialise " + value + " to JSON", e);
            }
        }

        /** Sets an urlencoded form body. */
        public RequestBuilder form(Map<String, String> fields) {
            String encoded = fields.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return body(encoded.getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
        }

        /** Sets the body bytes and their content type (null: no {@code Content-Type}). */
        public RequestBuilder body(byte[] data, String contentType) {
            this.body = data.clone();
            if (contentType != null) {
                header("Content-Type", contentType);
            }
            return this;
        }

        /** Sends the request; blocks until the whole response is there. */
        public TestResponse send() {
            if (server == null) {
                var all = new ArrayList<>(headers);
                if (all.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("Host"))) {
                    all.addFirst(Map.entry("Host", "testserver"));
                }
                LocalExchange exchange = LocalExchange.run(app, method, target, all, body);
                return new TestResponse(exchange.response().status(), exchange.response().headers(), exchange.body());
            }
            String type = headers.stream().filter(h -> h.getKey().equalsIgnoreCase("Content-Type")).map(Map.Entry::getValue)
                    .findFirst().orElse("application/octet-stream");
            var others = headers.stream().filter(h -> !h.getKey().equalsIgnoreCase("Content-Type")).toList();
            RequestBody requestBody = body.length == 0 ? null : RequestBody.bytes(body, type);
            try (ClientResponse res = http.request(new ClientRequest(method, baseUrl() + target, others, requestBody))) {
                return new TestResponse(res.status(), res.headers(), res.bytes());
            }
        }
    }
}
