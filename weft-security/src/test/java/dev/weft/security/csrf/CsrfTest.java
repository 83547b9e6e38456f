package dev.weft.security.csrf;

import static dev.weft.security.session.TestHttp.cookieValue;
import static dev.weft.security.session.TestHttp.send;
import static dev.weft.security.session.TestHttp.sendWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Middleware;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import dev.weft.security.session.CookieSessionStore;
import dev.weft.security.session.Session;
import dev.weft.security.session.Sessions;
import dev.weft.security.session.TestHttp;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSRF middleware in front of a real server, each forgery shape a browser can be made to send. */
class CsrfTest {
    private static final CsrfOptions OPTIONS = CsrfOptions.defaults()
            .withTrustedOrigin("https://app.example")
            .withExemptPath("/hooks/*");
    private static HttpServer withSessions;
    private static HttpServer overTls;
    private static HttpServer doubleSubmit;
    private static HttpServer bearerApi;
    private static HttpClient tlsClient;
    private static String base;
    private static String origin;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        var sessions = Sessions.middleware(CookieSessionStore.builder().key("k1", CookieSessionStore.generateKey()).build());
        withSessions = HttpServer.start(app(OPTIONS, sessions), local().build());
        origin = "http://127.0.0.1:" + withSessions.port();
        base = origin;
        KeyStore keyStore = TestHttp.selfSigned(dir);
        overTls = HttpServer.start(app(OPTIONS, sessions), local().sslContext(TestHttp.serverContext(keyStore)).build());
        tlsClient = TestHttp.trusting(keyStore);
        doubleSubmit = HttpServer.start(app(OPTIONS.withKey(CsrfOptions.generateKey()), null), local().build());
        bearerApi = HttpServer.start(app(OPTIONS.withExemptBearerWithoutCookies(true), sessions), local().build());
    }

    private static ServerConfig.Builder local() {
        return ServerConfig.builder().host("127.0.0.1").port(0);
    }

    /** The test app; {@code sessions} (null: none) runs first, as it must for the token to live in the session. */
    private static WebApp app(CsrfOptions options, Middleware sessions) {
        WebApp app = WebApp.create();
        if (sessions != null) {
            app.use(sessions);
        }
        return app
                .use(Csrf.middleware(options))
                .get("/form", req -> Response.text(Csrf.token(req)))
                .post("/transfer", req -> Response.text("moved " + req.form().get("amount").getFirst()))
                .put("/items/1", req -> Response.text("updated " + req.json().get("name").asText()))
                .delete("/items/1", req -> Response.text("deleted"))
                .post("/notes", req -> Response.text("noted " + req.text()))
                .post("/hooks/github", req -> Response.text("hook"))
                .post("/login", req -> {
                    Session session = Session.of(req);
                    session.regenerateId();
                    session.put("user", "alice");
                    return Response.text("logged in");
                })
                .post("/upload", req -> Response.text("uploaded " + req.multipart().size() + " parts"));
    }

    @AfterAll
    static void stop() {
        for (HttpServer server : List.of(withSessions, overTls, doubleSubmit, bearerApi)) {
            server.close();
        }
    }

    /** A session cookie and its token, as a page load gives them. */
    private record Visit(String cookie, String token) {
    }

    private static Visit visit(HttpClient client, String url, String cookieName) {
        HttpResponse<String> page = sendWith(client, "GET", url + "/form", null);
        assertThat(page.statusCode()).isEqualTo(200);
        return new Visit(cookieName + "=" + cookieValue(page, cookieName), page.body());
    }

    private static Visit visit() {
        return visit(HttpClient.newHttpClient(), base, "weft_session");
    }

    private static void assertForbidden(HttpResponse<String> response, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).contains("\"detail\":\"" + detail);
    }

    private static HttpResponse<String> form(Visit visit, String body, String origin) {
        return send("POST", base + "/transfer", body, "Cookie", visit.cookie(), "Origin", origin,
                "Content-Type", "application/x-www-form-urlencoded");
    }

    @Test
    void formPostWithoutTokenIsRefused() {
        assertForbidden(form(visit(), "amount=100", origin), "CSRF token missing");
    }

    @Test
    void formPostWithAWrongTokenIsRefused() {
        Visit visit = visit();
        char[] altered = visit.token().toCharArray();
        altered[5] = altered[5] == 'A' ? 'B' : 'A';   // one character changed, never the same one put back
        assertForbidden(form(visit, "amount=100&_csrf=" + new String(altered), origin), "CSRF token does not match");
        assertForbidden(form(visit, "amount=100&_csrf=" + visit().token(), origin), "CSRF token does not match");
    }

    @Test
    void formPostWithTheRightTokenPassesAndTheHandlerStillReadsTheForm() {
        Visit visit = visit();
        var response = form(visit, "amount=100&_csrf=" + visit.token(), origin);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("moved 100");
    }

    @Test
    void aTokenFromBeforeLoginDiesWithThePreLoginSessionId() {
        Visit before = visit();
        var loginRequest = send("POST", base + "/login", "_csrf=" + before.token(), "Cookie", before.cookie(),
                "Origin", origin, "Content-Type", "application/x-www-form-urlencoded");
        assertThat(loginRequest.body()).isEqualTo("logged in");
        String after = "weft_session=" + cookieValue(loginRequest, "weft_session");
        assertForbidden(send("POST", base + "/transfer", "amount=9&_csrf=" + before.token(), "Cookie", after,
                "Origin", origin, "Content-Type", "application/x-www-form-urlencoded"), "CSRF token does not match");
        String fresh = send("GET", base + "/form", null, "Cookie", after).body();
        assertThat(send("POST", base + "/transfer", "amount=9&_csrf=" + fresh, "Cookie", after,
                "Origin", origin, "Content-Type", "application/x-www-form-urlencoded").body()).isEqualTo("moved 9");
    }

    @Test
    void everyPageGetsDifferentBytesForOneSessionsSecret() {
        Visit visit = visit();
        var again = send("GET", base + "/form", null, "Cookie", visit.cookie());
        assertThat(again.body()).as("masked afresh (BREACH)").isNotEqualTo(visit.token());
        assertThat(form(visit, "amount=1&_csrf=" + again.body(), origin).body()).isEqualTo("moved 1");
        assertThat(form(visit, "amount=2&_csrf=" + visit.token(), origin).body()).isEqualTo("moved 2");
    }

    @Test
    void tokenInTheHeaderPassesForFetchRequests() {
        Visit visit = visit();
        var put = send("PUT", base + "/items/1", "{\"name\":\"lamp\"}", "Cookie", visit.cookie(), "Origin", origin,
                "Content-Type", "application/json", "X-CSRF-Token", visit.token());
        assertThat(put.body()).isEqualTo("updated lamp");
        var delete = send("DELETE", base + "/items/1", null, "Cookie", visit.cookie(), "X-CSRF-Token", visit.token());
        assertThat(delete.body()).isEqualTo("deleted");
        assertForbidden(send("DELETE", base + "/items/1", null, "Cookie", visit.cookie()), "CSRF token missing");
    }

    @Test
    void tokenInAMultipartFieldPasses() {
        Visit visit = visit();
        String body = "--b0undary\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + visit.token()
                + "\r\n--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nhello\r\n--b0undary--\r\n";
        var response = send("POST", base + "/upload", body, "Cookie", visit.cookie(), "Origin", origin,
                "Content-Type", "multipart/form-data; boundary=b0undary");
        assertThat(response.body()).isEqualTo("uploaded 2 parts");
    }

    @Test
    void crossOriginRequestIsRefusedEvenWithAValidToken() {
        Visit visit = visit();
        assertForbidden(form(visit, "amount=100&_csrf=" + visit.token(), "https://evil.example"),
                "Origin https://evil.example is not allowed");
        assertForbidden(form(visit, "amount=100&_csrf=" + visit.token(), "null"), "Origin null is not allowed");
        assertForbidden(form(visit, "amount=100&_csrf=" + visit.token(), "http://127.0.0.1:1"),
                "Origin http://127.0.0.1:1 is not allowed");
    }

    @Test
    void trustedOriginPassesWithAToken() {
        Visit visit = visit();
        assertThat(form(visit, "amount=7&_csrf=" + visit.token(), "https://app.example").body()).isEqualTo("moved 7");
    }

    @Test
    void crossSiteTextPlainFetchIsRefused() {
        // What <form enctype=text/plain> or fetch(..., {mode: 'no-cors'}) from another site sends: no preflight.
        var response = send("POST", base + "/notes", "{\"amount\": 100}", "Cookie", visit().cookie(),
                "Origin", "https://evil.example", "Content-Type", "text/plain");
        assertForbidden(response, "Origin https://evil.example is not allowed");
        var sameOrigin = send("POST", base + "/notes", "hi", "Cookie", visit().cookie(), "Origin", origin,
                "Content-Type", "text/plain");
        assertForbidden(sameOrigin, "CSRF token missing");
    }

    @Test
    void exemptRoutePassesWithoutToken() {
        var response = send("POST", base + "/hooks/github", "{}", "Origin", "https://evil.example",
                "Content-Type", "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hook");
    }

    @Test
    void safeMethodsAreNeverChecked() {
        var response = send("GET", base + "/form", null, "Origin", "https://evil.example");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(send("HEAD", base + "/form", null, "Origin", "null").statusCode()).isEqualTo(200);
    }

    @Test
    void overHttpsARequestWithoutOriginNeedsARefererFromUs() {
        String tls = "https://127.0.0.1:" + overTls.port();
        Visit visit = visit(tlsClient, tls, "weft_session");
        String body = "amount=5&_csrf=" + visit.token();
        String type = "application/x-www-form-urlencoded";
        assertForbidden(sendWith(tlsClient, "POST", tls + "/transfer", body, "Cookie", visit.cookie(), "Content-Type", type),
                "Referer missing");
        assertForbidden(sendWith(tlsClient, "POST", tls + "/transfer", body, "Cookie", visit.cookie(), "Content-Type", type,
                "Referer", "https://evil.example/page"), "Referer from https://evil.example is not allowed");
        var ok = sendWith(tlsClient, "POST", tls + "/transfer", body, "Cookie", visit.cookie(), "Content-Type", type,
                "Referer", tls + "/form");
        assertThat(ok.body()).isEqualTo("moved 5");
        var withOrigin = sendWith(tlsClient, "POST", tls + "/transfer", body, "Cookie", visit.cookie(),
                "Content-Type", type, "Origin", tls);
        assertThat(withOrigin.body()).isEqualTo("moved 5");
    }

    @Test
    void withoutSessionsASignedDoubleSubmitCookieCarriesTheToken() {
        String url = "http://127.0.0.1:" + doubleSubmit.port();
        Visit visit = visit(HttpClient.newHttpClient(), url, "weft_csrf");
        assertThat(visit.cookie()).matches("weft_csrf=[A-Za-z0-9_-]{43}\\.[A-Za-z0-9_-]{43}");
        String self = url;
        var ok = send("PUT", url + "/items/1", "{\"name\":\"desk\"}", "Cookie", visit.cookie(), "Origin", self,
                "Content-Type", "application/json", "X-CSRF-Token", visit.token());
        assertThat(ok.body()).isEqualTo("updated desk");
        assertForbidden(send("DELETE", url + "/items/1", null, "Origin", self, "X-CSRF-Token", visit.token()),
                "CSRF token does not match");
        // An attacker who can plant cookies (a sibling subdomain) but not sign them: cookie and token agree, yet fail.
        String zeros = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        for (String forged : new String[]{zeros, zeros + "." + zeros, "AAAA.BBBB"}) {
            assertForbidden(send("DELETE", url + "/items/1", null, "Cookie", "weft_csrf=" + forged, "Origin", self,
                    "X-CSRF-Token", Tokens.mask(forged)), "CSRF token does not match");
        }
    }

    @Test
    void bearerRequestsWithoutCookiesAreExemptOnlyWhenAskedFor() {
        String url = "http://127.0.0.1:" + bearerApi.port();
        var api = send("DELETE", url + "/items/1", null, "Authorization", "Bearer abc.def.ghi");
        assertThat(api.body()).isEqualTo("deleted");
        assertForbidden(send("DELETE", url + "/items/1", null, "Authorization", "Bearer abc.def.ghi",
                "Cookie", "weft_session=x"), "CSRF token missing");
        assertForbidden(send("DELETE", base + "/items/1", null, "Authorization", "Bearer abc.def.ghi"),
                "CSRF token missing");
    }

    @Test
    void optionsRefuseBadValues() {
        assertThatThrownBy(() -> CsrfOptions.defaults().withTrustedOrigin("https://app.example/path"))
                .hasMessageContaining("https://app.example/path");
        assertThatThrownBy(() -> CsrfOptions.defaults().withExemptPath("hooks")).hasMessageContaining("hooks");
        assertThatThrownBy(() -> CsrfOptions.defaults().withKey("c2hvcnQ=")).hasMessageContaining("40 bits, 256 needed");
    }
}
