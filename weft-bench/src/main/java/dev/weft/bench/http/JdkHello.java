package dev.weft.bench.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The endpoints on the JDK's built-in server, one virtual thread per exchange (Helidon-free baseline). */
final class JdkHello implements HelloServer {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] PLAINTEXT_BYTES = PLAINTEXT.getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final ExecutorService executor;

    private JdkHello(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static JdkHello start(String host, int port) {
        try {
            var server = HttpServer.create(new InetSocketAddress(host, port), 1024);
            var executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            server.createContext("/plaintext", exchange -> send(exchange, "text/plain; charset=utf-8", PLAINTEXT_BYTES));
            server.createContext("/json", exchange ->
                    send(exchange, "application/json", MAPPER.writeValueAsBytes(new Message(PLAINTEXT))));
            server.start();
            return new JdkHello(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the JDK server on " + host + ":" + port, e);
        }
    }

    private static void send(HttpExchange exchange, String contentType, byte[] body) throws IOException {
        try (exchange) {
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", contentType);
            headers.set("Server", "jdk");
            // Formatting per request, as a plain JDK user would; Weft and Vert.x cache it per second.
            headers.set("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
