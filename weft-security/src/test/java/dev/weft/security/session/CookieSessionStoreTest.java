package dev.weft.security.session;

import static dev.weft.security.session.TestHttp.cookieValue;
import static dev.weft.security.session.TestHttp.send;
import static dev.weft.security.session.TestHttp.setCookieLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.http.server.HttpServer;
import dev.weft.security.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions in encrypted cookies, driven over real sockets by the JDK's HTTP client. */
class CookieSessionStoreTest {
    private static final String KEY_1 = CookieSessionStore.generateKey();
    private static final String KEY_2 = CookieSessionStore.generateKey();

    private final MutableClock clock = new MutableClock();
    private final SessionOptions options = SessionOptions.defaults().withClock(clock);
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String start(CookieSessionStore store) {
        if (server != null) {
            server.close();
        }
        server = SessionTestApp.start(SessionTestApp.create(store, options));
        return "http://127.0.0.1:" + server.port();
    }

    private static CookieSessionStore keys(String... idsAndKeys) {
        var builder = CookieSessionStore.builder();
        for (int i = 0; i < idsAndKeys.length; i += 2) {
            builder.key(idsAndKeys[i], idsAndKeys[i + 1]);
        }
        return builder.build();
    }

    private static String cookie(String value) {
        return "weft_session=" + value;
    }

    @Test
    void keepsValuesAcrossRequestsWithSafeCookieAttributes() {
        String base = start(keys("k1", KEY_1));
        var first = send("GET", base + "/count", null);
        assertThat(first.body()).isEqualTo("count 1");
        String line = setCookieLine(first, "weft_session");
        assertThat(line).contains("; Path=/", "; HttpOnly", "; SameSite=Lax", "; Max-Age=1800").doesNotContain("Secure");
        String value = cookieValue(first, "weft_session");
        assertThat(value).startsWith("v1.k1.").doesNotContain("count");

        var second = send("GET", base + "/count", null, "Cookie", cookie(value));
        assertThat(second.body()).isEqualTo("count 2");
        var third = send("GET", base + "/count", null, "Cookie", cookie(cookieValue(second, "weft_session")));
        assertThat(third.body()).isEqualTo("count 3");
    }

    @Test
    void untouchedRequestWithoutCookieSetsNoCookie() {
        String base = start(keys("k1", KEY_1));
        var response = send("GET", base + "/whoami", null);
        assertThat(response.body()).isEqualTo("new user=none");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void aHandlerThatNeverUsesTheSessionLeavesTheCookieAlone() {
        String base = start(keys("k1", KEY_1));
        String value = cookieValue(send("GET", base + "/count", null), "weft_session");
        clock.advance(Duration.ofMinutes(5));
        var plain = send("GET", base + "/plain", null, "Cookie", cookie(value));
        assertThat(plain.body()).isEqualTo("no session used");
        assertThat(plain.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(send("GET", base + "/plain", null, "Cookie", cookie("garbage")).headers().allValues("Set-Cookie"))
                .isEmpty();
    }

    @Test
    void curlsCookieJarKeepsTheSessionAndDropsItAtLogout(@TempDir Path dir) throws Exception {
        String base = start(keys("k1", KEY_1));
        Path jar = dir.resolve("cookies.txt");
        assertThat(curl(jar, "GET", base + "/count")).isEqualTo("count 1");
        assertThat(curl(jar, "GET", base + "/count")).isEqualTo("count 2");
        assertThat(curl(jar, "POST", base + "/login?user=carol")).matches("[A-Za-z0-9_-]{43} [A-Za-z0-9_-]{43}");
        assertThat(curl(jar, "GET", base + "/whoami")).isEqualTo("known user=carol");
        assertThat(curl(jar, "POST", base + "/logout")).isEqualTo("bye");
        assertThat(curl(jar, "GET", base + "/whoami")).as("curl dropped the expired cookie").isEqualTo("new user=none");
    }

    /** Runs curl (from the PATH) with a cookie jar and returns the body. */
    private static String curl(Path jar, String method, String url) throws Exception {
        Process p = new ProcessBuilder("curl", "-sS", "--max-time", "30", "-X", method, "-c", jar.toString(),
                "-b", jar.toString(), url).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        return output;
    }

    @Test
    void tamperedCookiesAreNoSessionNeverAnError() {
        String base = start(keys("k1", KEY_1));
        String value = cookieValue(send("POST", base + "/login?user=alice", null), "weft_session");
        assertThat(send("GET", base + "/whoami", null, "Cookie", cookie(value)).body()).isEqualTo("known user=alice");

        String payload = value.substring("v1.k1.".length());
        byte[] bytes = Base64.getUrlDecoder().decode(payload);
        bytes[bytes.length / 2] ^= 0x01;
        String flipped = "v1.k1." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        for (String bad : new String[]{flipped, value.substring(0, value.length() - 10), "v1.k1.", "v1.k9." + payload,
                "v2.k1." + payload, "v1.k1.%%%notbase64", "garbage"}) {
            HttpResponse<String> response = send("GET", base + "/whoami", null, "Cookie", cookie(bad));
            assertThat(response.statusCode()).as(bad).isEqualTo(200);
            assertThat(response.body()).as(bad).isEqualTo("new user=none");
            assertThat(setCookieLine(response, "weft_session")).as("the bad cookie is expired").contains("Max-Age=0");
        }
    }

    @Test
    void valueMovedToAnotherCookieNameDoesNotOpen() {
        String base = start(keys("k1", KEY_1));
        String value = cookieValue(send("POST", base + "/login?user=alice", null), "weft_session");
        var other = new CookieSessionStore[]{keys("k1", KEY_1)};
        assertThat(other[0].load("weft_session", value, clock.instant())).isPresent();
        assertThat(other[0].load("remember_me", value, clock.instant()))
                .as("the cookie name is authenticated data").isEmpty();
    }

    @Test
    void rotatedKeysStillReadOldCookiesAndReissueThemUnderTheNewKey() {
        String base = start(keys("k1", KEY_1));
        String old = cookieValue(send("POST", base + "/login?user=alice", null), "weft_session");

        base = start(keys("k2", KEY_2, "k1", KEY_1));
        var response = send("GET", base + "/whoami", null, "Cookie", cookie(old));
        assertThat(response.body()).isEqualTo("known user=alice");
        String reissued = cookieValue(response, "weft_session");
        assertThat(reissued).startsWith("v1.k2.");

        base = start(keys("k2", KEY_2));
        assertThat(send("GET", base + "/whoami", null, "Cookie", cookie(reissued)).body()).isEqualTo("known user=alice");
        assertThat(send("GET", base + "/whoami", null, "Cookie", cookie(old)).body())
                .as("k1 was retired: its cookies no longer open").isEqualTo("new user=none");

        base = start(keys("k1", CookieSessionStore.generateKey()));
        assertThat(send("GET", base + "/whoami", null, "Cookie", cookie(old)).body())
                .as("same key id, other key material").isEqualTo("new user=none");
    }

    @Test
    void replayedCookieDiesAtItsIdleAndAbsoluteExpiry() {
        String base = start(keys("k1", KEY_1));
        String value = cookieValue(send("POST", base + "/login?user=alice", null), "weft_session");
        clock.advance(Duration.ofMinutes(29));
        var touched = send("GET", base + "/whoami", null, "Cookie", cookie(value));
        assertThat(touched.body()).isEqualTo("known user=alice");
        String refreshed = cookieValue(touched, "weft_session");
        clock.advance(Duration.ofMinutes(2));
        assertThat(send("GET", base + "/whoami", null, "Cookie", cookie(value)).body())
                .as("the old copy is past its idle expiry").isEqualTo("new user=none");
        var stillAlive = send("GET", base + "/whoami", null, "Cookie", cookie(refreshed));
        assertThat(stillAlive.body()).isEqualTo("known user=alice");

        String current = cookieValue(stillAlive, "weft_session");
        for (int i = 0; i < 16; i++) {   // active every 29 minutes: the idle timeout never fires, the 8 hours do
            clock.advance(Duration.ofMinutes(29));
            var response = send("GET", base + "/whoami", null, "Cookie", cookie(current));
            if (response.body().startsWith("new")) {
                assertThat(clock.instant()).isAfterOrEqualTo(Instant.parse("2026-12-02T20:00:00Z"));
                return;
            }
            current = cookieValue(response, "weft_session");
        }
        throw new AssertionError("the session outlived its absolute lifetime");
    }

    @Test
    void logoutExpiresTheCookie() {
        String base = start(keys("k1", KEY_1));
        String value = cookieValue(send("POST", base + "/login?user=alice", null), "weft_session");
        var logout = send("POST", base + "/logout", null, "Cookie", cookie(value));
        assertThat(setCookieLine(logout, "weft_session")).startsWith("weft_session=;").contains("Max-Age=0");
    }

    @Test
    void loginRegeneratesTheId() {
        var store = keys("k1", KEY_1);
        String base = start(store);
        String anonymous = cookieValue(send("GET", base + "/count", null), "weft_session");
        var login = send("POST", base + "/login?user=alice", null, "Cookie", cookie(anonymous));
        String[] ids = login.body().split(" ");
        assertThat(ids[1]).isNotEqualTo(ids[0]);
        assertThat(store.load("weft_session", anonymous, clock.instant()).orElseThrow().id()).isEqualTo(ids[0]);
        assertThat(store.load("weft_session", cookieValue(login, "weft_session"), clock.instant()).orElseThrow().id())
                .isEqualTo(ids[1]);
        assertThat(send("GET", base + "/whoami", null, "Cookie", cookie(anonymous)).body())
                .as("the pre-login cookie does not carry the login").isEqualTo("known user=none");
    }

    @Test
    void oversizedSessionFailsClearly() {
        var store = keys("k1", KEY_1);
        Instant now = clock.instant();
        var state = new SessionState(SessionIds.random(), Map.of("big", "x".repeat(5000)), now, now, now.plusSeconds(60));
        assertThatThrownBy(() -> store.save("weft_session", state, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("session cookie weft_session would be")
                .hasMessageContaining("over the limit of 4096");
        String base = start(store);
        assertThat(send("POST", base + "/big?size=5000", null).statusCode()).isEqualTo(500);
        assertThat(send("POST", base + "/big?size=1000", null).statusCode()).isEqualTo(200);
    }

    @Test
    void badKeysAreRefusedWithTheReason() {
        assertThatThrownBy(() -> CookieSessionStore.builder().key("k1", Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("key k1 has 128 bits, 256 needed");
        assertThatThrownBy(() -> CookieSessionStore.builder().key("bad id", KEY_1)).hasMessageContaining("bad id");
        assertThatThrownBy(() -> CookieSessionStore.builder().key("k1", "not base64!")).hasMessageContaining("not base64");
        assertThatThrownBy(() -> CookieSessionStore.builder().build()).hasMessageContaining("at least one key");
    }

    @Test
    void secureOnlyOverTls(@TempDir Path dir) throws Exception {
        KeyStore keyStore = TestHttp.selfSigned(dir);
        try (HttpServer tls = SessionTestApp.startTls(SessionTestApp.create(keys("k1", KEY_1), options),
                TestHttp.serverContext(keyStore))) {
            var response = TestHttp.sendWith(TestHttp.trusting(keyStore), "GET", "https://127.0.0.1:" + tls.port() + "/count", null);
            assertThat(response.body()).isEqualTo("count 1");
            assertThat(setCookieLine(response, "weft_session")).contains("; Secure", "; HttpOnly", "; SameSite=Lax");
        }
        String base = start(keys("k1", KEY_1));
        assertThat(setCookieLine(send("GET", base + "/count", null), "weft_session")).doesNotContain("Secure");
    }
}
