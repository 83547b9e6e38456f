package dev.weft.http.server;

import dev.weft.http.codec.HeadParser;
import dev.weft.http.codec.HttpParseException;
import dev.weft.http.codec.RequestHead;
import dev.weft.http.server.http1.Body;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * One request answered by a {@link WebApp} in process, with no socket and no server: the entry point
 * of in-process test clients (FastAPI's {@code TestClient}). The head is parsed with the server's
 * parser, the request is the server's own {@link Request} implementation, it runs through the app's
 * middlewares and routes, a failure becomes the problem response the server would send, and the body
 * is produced in full. Startup hooks do not run (start a server for tests that need them); WebSocket
 * and event-stream responses need a real connection and are refused.
 *
 * {@snippet :
 * var exchange = LocalExchange.run(app, "GET", "/users/7", List.of(), new byte[0]);
 * assert exchange.response().status() == 200;
 * }
 *
 * @param response the response, status and header fields as the handler (and middlewares) left them
 * @param body     the response body, empty for {@code HEAD}
 */
public record LocalExchange(Response response, byte[] body) {
    private static final ServerConfig CONFIG = ServerConfig.builder().build();
    private static final ForwardedResolver FORWARDED = ForwardedResolver.of(CONFIG);

    /**
     * Answers {@code method target} with {@code headers} and {@code body} (a {@code Content-Length} is
     * added for a non-empty body); blocks while the handler runs. Malformed input throws
     * {@link IllegalArgumentException}.
     */
    public static LocalExchange run(WebApp app, String method, String target,
                                    List<Map.Entry<String, String>> headers, byte[] body) {
        var head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        headers.forEach(h -> head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n"));
        if (body.length > 0 && headers.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("Content-Length"))) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        byte[] bytes = head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
        RequestHead parsed;
        try {
            parsed = new HeadParser(CONFIG.codecLimits()).parseRequest(bytes, 0, bytes.length);
        } catch (HttpParseException e) {
            throw new IllegalArgumentException("not a valid request: " + e.getMessage(), e);
        }
        var request = new ServerRequest(parsed, new InetSocketAddress("127.0.0.1", 0), false, CONFIG, FORWARDED, limit -> {
            if (body.length > limit) {
                throw new ContentTooLarge("request body larger than " + limit + " bytes");
            }
            return new ByteArrayInputStream(body);
        });
        app.freeze();
        Response response;
        try {
            response = app.handle(request);
        } catch (Exception e) {
            response = Problems.response(e, request);
        }
        try {
            return new LocalExchange(response, method.equals("HEAD") ? new byte[0] : bodyOf(response));
        } catch (Exception e) {
            Response failed = Problems.response(e, request);
            return new LocalExchange(failed, bodyOf(failed));
        } finally {
            request.cleanup();
        }
    }

    private static byte[] bodyOf(Response response) {
        try {
            return switch (response.body()) {
                case Body.Empty e -> new byte[0];
                case Body.Bytes b -> b.data();
                case Body.File f -> Files.readAllBytes(f.path());
                case Body.Stream s -> {
                    var out = new ByteArrayOutputStream();
                    s.writer().writeTo(out);
                    yield out.toByteArray();
                }
                case Body.Events e -> throw new IllegalStateException("event streams need a real server");
                case Body.Switch u -> throw new IllegalStateException("WebSocket upgrades need a real server");
            };
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("response body failed: " + e.getMessage(), e);
        }
    }
}
