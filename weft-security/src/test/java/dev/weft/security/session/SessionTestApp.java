package dev.weft.security.session;

import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/** The app both store suites drive: a visit counter, login with id regeneration, logout, and a page that shows the session. */
final class SessionTestApp {
    private SessionTestApp() {
    }

    static WebApp create(SessionStore store, SessionOptions options) {
        return WebApp.create()
                .use(Sessions.middleware(store, options))
                .get("/plain", req -> Response.text("no session used"))
                .get("/count", req -> {
                    Session session = Session.of(req);
                    int count = Integer.parseInt(Objects.requireNonNullElse(session.get("count"), "0")) + 1;
                    session.put("count", Integer.toString(count));
                    return Response.text("count " + count);
                })
                .get("/whoami", req -> {
                    Session session = Session.of(req);
                    return Response.text((session.isNew() ? "new" : "known") + " user="
                            + Objects.requireNonNullElse(session.get("user"), "none"));
                })
                .post("/login", req -> {
                    Session session = Session.of(req);
                    String before = session.id();
                    session.regenerateId();
                    session.put("user", req.queryParam("user"));
                    return Response.text(before + " " + session.id());
                })
                .post("/logout", req -> {
                    Session.of(req).invalidate();
                    return Response.text("bye");
                })
                .post("/big", req -> {
                    Session.of(req).put("big", "x".repeat(Integer.parseInt(req.queryParam("size"))));
                    return Response.text("stored");
                });
    }

    static HttpServer start(WebApp app) {
        return HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).build());
    }

    static HttpServer startTls(WebApp app, SSLContext tls) {
        return HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).sslContext(tls).build());
    }
}
