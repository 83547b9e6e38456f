package dev.weft.security.jwt;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A real JWKS endpoint on 127.0.0.1 whose key set the test changes, counting the fetches it answers. */
final class JwksServer implements AutoCloseable {
    private final AtomicReference<String> body = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicInteger status = new AtomicInteger(200);
    private final HttpServer server;

    JwksServer(List<JWK> keys) {
        publish(keys);
        var app = WebApp.create().get("/jwks.json", req -> {
            fetches.incrementAndGet();
            return Response.bytes(body.get().getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json")
                    .status(status.get());
        });
        server = HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).build());
    }

    /** Serves {@code keys} (their public halves) from now on. */
    void publish(List<JWK> keys) {
        body.set(new JWKSet(keys).toString(true));
    }

    /** Answers with {@code code} from now on. */
    void answerStatus(int code) {
        status.set(code);
    }

    /** Serves {@code raw} as the body from now on. */
    void publishRaw(String raw) {
        body.set(raw);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.port() + "/jwks.json");
    }

    int fetches() {
        return fetches.get();
    }

    @Override
    public void close() {
        server.close();
    }
}
