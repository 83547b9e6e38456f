package dev.weft.security.session;

import static dev.weft.security.session.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import dev.weft.http.server.WebApp;
import dev.weft.security.csrf.Csrf;
import dev.weft.security.csrf.CsrfOptions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Wiring mistakes end in exceptions that say what to add, and options refuse bad values by name. */
class MisuseTest {
    @Test
    void usingASessionOrATokenWithoutTheirMiddlewareSaysWhatToAdd() {
        AtomicReference<Throwable> sessionFailure = new AtomicReference<>();
        AtomicReference<Throwable> tokenFailure = new AtomicReference<>();
        AtomicReference<Throwable> keylessFailure = new AtomicReference<>();
        var app = WebApp.create()
                .get("/session", req -> {
                    assertThat(Session.find(req)).isEmpty();
                    try {
                        Session.of(req);
                    } catch (IllegalStateException e) {
                        sessionFailure.set(e);
                    }
                    try {
                        Csrf.token(req);
                    } catch (IllegalStateException e) {
                        tokenFailure.set(e);
                    }
                    return Response.text("done");
                });
        var keyless = WebApp.create().use(Csrf.middleware(CsrfOptions.defaults())).get("/form", req -> {
            try {
                Csrf.token(req);
            } catch (IllegalStateException e) {
                keylessFailure.set(e);
            }
            return Response.text("done");
        });
        try (HttpServer server = SessionTestApp.start(app); HttpServer other = SessionTestApp.start(keyless)) {
            assertThat(send("GET", "http://127.0.0.1:" + server.port() + "/session", null).body()).isEqualTo("done");
            assertThat(send("GET", "http://127.0.0.1:" + other.port() + "/form", null).body()).isEqualTo("done");
        }
        assertThat(sessionFailure.get()).hasMessageContaining("add Sessions.middleware(store)");
        assertThat(tokenFailure.get()).hasMessageContaining("add Csrf.middleware()");
        assertThat(keylessFailure.get()).hasMessageContaining("no CSRF key")
                .hasMessageContaining("Sessions.middleware(...) before Csrf.middleware()");
    }

    @Test
    void sessionOptionsRefuseBadValues() {
        var defaults = SessionOptions.defaults();
        assertThatThrownBy(() -> defaults.withIdleTimeout(Duration.ZERO)).hasMessageContaining("idleTimeout must be positive");
        assertThatThrownBy(() -> defaults.withAbsoluteLifetime(Duration.ofSeconds(-1)))
                .hasMessageContaining("absoluteLifetime must be positive");
        assertThatThrownBy(() -> defaults.withTouchInterval(Duration.ofHours(1)))
                .hasMessageContaining("touchInterval must be >= 0 and shorter than idleTimeout");
        assertThatThrownBy(() -> defaults.withCookieName("bad name")).hasMessageContaining("bad name");
    }
}
