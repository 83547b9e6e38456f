package dev.weft.bench.http;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The endpoints on Vert.x 5 core, the way the TechEmpower Vert.x entry writes them: one event loop
 * (the server gets one core), native epoll, constant header names and bodies, the Date header
 * refreshed by a timer.
 */
final class VertxHello implements HelloServer {
    private static final CharSequence SERVER = HttpHeaders.createOptimized("vertx");
    private static final CharSequence TEXT = HttpHeaders.createOptimized("text/plain; charset=utf-8");
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final Buffer PLAINTEXT_BUFFER = Buffer.buffer(PLAINTEXT);

    private final Vertx vertx;
    private final HttpServer server;
    private volatile CharSequence date = now();

    private VertxHello(Vertx vertx, String host, int port) {
        this.vertx = vertx;
        vertx.setPeriodic(1000, id -> date = now());
        this.server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                .requestHandler(this::handle);
    }

    static VertxHello start(String host, int port) {
        var vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
        var hello = new VertxHello(vertx, host, port);
        try {
            hello.server.listen().toCompletionStage().toCompletableFuture().join();
        } catch (RuntimeException e) {
            vertx.close();
            throw new IllegalStateException("cannot start Vert.x on " + host + ":" + port, e);
        }
        return hello;
    }

    private static CharSequence now() {
        return HttpHeaders.createOptimized(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
    }

    private void handle(HttpServerRequest request) {
        var response = request.response();
        var headers = response.headers();
        headers.add(HttpHeaders.SERVER, SERVER).add(HttpHeaders.DATE, date);
        switch (request.path()) {
            case "/plaintext" -> {
                headers.add(HttpHeaders.CONTENT_TYPE, TEXT);
                response.end(PLAINTEXT_BUFFER);
            }
            case "/json" -> {
                headers.add(HttpHeaders.CONTENT_TYPE, JSON);
                response.end(new JsonObject().put("message", PLAINTEXT).toBuffer());
            }
            default -> response.setStatusCode(404).end();
        }
    }

    /** Whether Netty's native epoll transport is in use (false means NIO, the slower fallback). */
    boolean nativeTransport() {
        return vertx.isNativeTransportEnabled();
    }

    @Override
    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
