package dev.weft.examples.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.examples.DemoApp;
import dev.weft.examples.feed.FeedConfig;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Two demo instances on one database, in this JVM, behind nginx: what a small deployment looks like.
 * {@link #close()} stops nginx and both instances, whatever failed.
 */
final class Site implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final List<HttpServer> instances;
    final Nginx nginx;
    // HTTP/1.1: what nginx speaks to clients here (the JDK's default would offer an h2c upgrade first).
    static final java.time.Duration REPLY_TIMEOUT = java.time.Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Site(List<HttpServer> instances, Nginx nginx) {
        this.instances = instances;
        this.nginx = nginx;
    }

    /** Starts two instances whose API uses {@code databaseUrl} and whose feed uses {@code directUrl}, then nginx. */
    static Site start(String databaseUrl, String directUrl) throws IOException, InterruptedException {
        List<HttpServer> instances = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                instances.add(HttpServer.start(DemoApp.create(databaseUrl, directUrl, FeedConfig.defaults()),
                        ServerConfig.builder().host("127.0.0.1").port(0).trustedProxies(List.of("127.0.0.1")).build()));
            }
            return new Site(List.copyOf(instances), Nginx.start(instances.stream().map(HttpServer::port).toList()));
        } catch (RuntimeException | IOException | InterruptedException e) {
            instances.forEach(HttpServer::close);
            throw e;
        }
    }

    /** How nginx names an instance in its {@code X-Upstream} header. */
    static String address(HttpServer instance) {
        return "127.0.0.1:" + instance.port();
    }

    /**
     * A response through nginx: its status, the instances nginx tried in order (from its {@code X-Upstream}
     * header: more than one when it passed the request on), the body as JSON (null when it is not JSON).
     */
    record Reply(int status, List<String> tried, JsonNode json) {
        /** The instance that answered. */
        String upstream() {
            return tried.isEmpty() ? null : tried.getLast();
        }
    }

    /**
     * Sends {@code method path} with a JSON {@code body} (null: none) through nginx. A reply that has not
     * come within {@link #REPLY_TIMEOUT} fails like a lost connection (once, a POST caught by an instance's
     * shutdown waited with no answer: see the note in docs/deploy.md).
     */
    Reply send(String method, String path, String body) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginx.port() + path))
                .timeout(REPLY_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.headers().firstValue("Content-Type").orElse("").contains("json")
                    ? JSON.readTree(response.body()) : null;
            String upstreams = response.headers().firstValue("X-Upstream").orElse("");
            return new Reply(response.statusCode(), upstreams.isEmpty() ? List.of() : List.of(upstreams.split(", ")), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Creates a user named {@code name} through nginx and checks it was created. */
    Reply createUser(String name) {
        Reply reply = send("POST", "/users", "{\"name\":\"" + name + "\"}");
        assertThat(reply.status()).as("POST /users %s through nginx: %s\n%s", name, reply, nginx.log()).isEqualTo(201);
        return reply;
    }

    @Override
    public void close() {
        try (nginx) {
            instances.forEach(HttpServer::close);
        }
    }
}
