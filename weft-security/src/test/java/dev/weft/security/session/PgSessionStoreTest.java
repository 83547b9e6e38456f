package dev.weft.security.session;

import static dev.weft.security.session.TestHttp.cookieValue;
import static dev.weft.security.session.TestHttp.send;
import static dev.weft.security.session.TestHttp.setCookieLine;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.http.server.HttpServer;
import dev.weft.pg.pool.PgPool;
import dev.weft.security.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sessions in a real PostgreSQL (weft-embedded-pg), served by real HTTP servers, as an application user. */
@ExtendWith(EmbeddedPostgresExtension.class)
class PgSessionStoreTest {
    private final MutableClock clock = new MutableClock();
    private final SessionOptions options = SessionOptions.defaults().withClock(clock);
    private final List<AutoCloseable> open = new ArrayList<>();
    private PgPool pool;

    @BeforeAll
    static void allowSchemas(TestDatabase database) {
        database.execute("GRANT CREATE ON DATABASE \"" + database.name() + "\" TO scram_user");
    }

    @BeforeEach
    void connect(TestDatabase database) {
        pool = PgPool.open(database.uri("scram_user", "scram_pass"), cfg -> cfg.maxSize(4));
        store(Duration.ZERO);   // migrates
        pool.execute("DELETE FROM weft_session.sessions");
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : open.reversed()) {
            resource.close();
        }
        pool.close();
    }

    private PgSessionStore store(Duration sweepInterval) {
        PgSessionStore store = PgSessionStore.builder(pool).clock(clock).sweepInterval(sweepInterval).build();
        open.add(store);
        return store;
    }

    private String serve(PgSessionStore store) {
        HttpServer server = SessionTestApp.start(SessionTestApp.create(store, options));
        open.add(server);
        return "http://127.0.0.1:" + server.port();
    }

    private long rows() {
        return pool.queryValue(Long.class, "SELECT count(*) FROM weft_session.sessions");
    }

    private long rowsFor(String cookie) {
        return pool.queryValue(Long.class, "SELECT count(*) FROM weft_session.sessions WHERE id_hash = $1",
                SessionIds.sha256(cookie));
    }

    private static String cookie(String value) {
        return "weft_session=" + value;
    }

    @Test
    void twoInstancesShareASessionThatSurvivesARestart(TestDatabase database) {
        String first = serve(store(Duration.ZERO));
        String second;
        try (PgPool otherPool = PgPool.open(database.uri("scram_user", "scram_pass"));
             PgSessionStore otherStore = PgSessionStore.builder(otherPool).clock(clock).build()) {
            HttpServer other = SessionTestApp.start(SessionTestApp.create(otherStore, options));
            try (other) {
                second = "http://127.0.0.1:" + other.port();
                String id = cookieValue(send("POST", first + "/login?user=alice", null), "weft_session");
                assertThat(send("GET", second + "/whoami", null, "Cookie", cookie(id)).body()).isEqualTo("known user=alice");
                assertThat(send("GET", second + "/count", null, "Cookie", cookie(id)).body()).isEqualTo("count 1");
                assertThat(send("GET", first + "/count", null, "Cookie", cookie(id)).body()).isEqualTo("count 2");
            }
        }
        String id = cookieValue(send("POST", first + "/login?user=bob", null), "weft_session");
        for (AutoCloseable resource : open.reversed()) {   // restart: every server and store goes away
            try {
                resource.close();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        open.clear();
        String restarted = serve(store(Duration.ZERO));
        assertThat(send("GET", restarted + "/whoami", null, "Cookie", cookie(id)).body()).isEqualTo("known user=bob");
    }

    @Test
    void theTableKeepsOnlyTheHashOfTheId() {
        String base = serve(store(Duration.ZERO));
        var response = send("POST", base + "/login?user=alice", null);
        String id = cookieValue(response, "weft_session");
        assertThat(id).matches("[A-Za-z0-9_-]{43}");
        assertThat(setCookieLine(response, "weft_session")).contains("HttpOnly", "SameSite=Lax", "Path=/");
        assertThat(rowsFor(id)).isEqualTo(1);
        assertThat(pool.queryValue(Long.class, "SELECT count(*) FROM weft_session.sessions"
                + " WHERE position(convert_to($1, 'UTF8') in id_hash) > 0 OR data::text LIKE '%' || $1 || '%'", id))
                .as("no column holds the cookie").isZero();
        assertThat(pool.queryValue(String.class, "SELECT data->>'user' FROM weft_session.sessions")).isEqualTo("alice");
    }

    @Test
    void logoutDeletesTheRowSoTheReplayedCookieIsDead() {
        String base = serve(store(Duration.ZERO));
        String id = cookieValue(send("POST", base + "/login?user=alice", null), "weft_session");
        var logout = send("POST", base + "/logout", null, "Cookie", cookie(id));
        assertThat(setCookieLine(logout, "weft_session")).contains("Max-Age=0");
        assertThat(rowsFor(id)).isZero();
        var replay = send("GET", base + "/whoami", null, "Cookie", cookie(id));
        assertThat(replay.body()).isEqualTo("new user=none");
    }

    @Test
    void loginGivesANewIdAndThePlantedOneDies() {
        String base = serve(store(Duration.ZERO));
        String planted = cookieValue(send("GET", base + "/count", null), "weft_session");
        var login = send("POST", base + "/login?user=alice", null, "Cookie", cookie(planted));
        String[] ids = login.body().split(" ");
        assertThat(ids[0]).isEqualTo(planted);
        String after = cookieValue(login, "weft_session");
        assertThat(after).isEqualTo(ids[1]).isNotEqualTo(planted);
        assertThat(rowsFor(planted)).isZero();
        assertThat(send("GET", base + "/whoami", null, "Cookie", cookie(planted)).body()).isEqualTo("new user=none");
        assertThat(send("GET", base + "/whoami", null, "Cookie", cookie(after)).body()).isEqualTo("known user=alice");
    }

    @Test
    void anExpiredSessionIsDeadAndSweptAway() {
        PgSessionStore store = store(Duration.ZERO);
        String base = serve(store);
        String expiring = cookieValue(send("POST", base + "/login?user=alice", null), "weft_session");
        clock.advance(Duration.ofMinutes(20));
        String live = cookieValue(send("POST", base + "/login?user=bob", null), "weft_session");
        clock.advance(Duration.ofMinutes(11));
        assertThat(send("GET", base + "/whoami", null, "Cookie", cookie(expiring)).body()).isEqualTo("new user=none");
        assertThat(rows()).isEqualTo(2);
        assertThat(store.sweep()).isEqualTo(1);
        assertThat(rowsFor(expiring)).isZero();
        assertThat(send("GET", base + "/whoami", null, "Cookie", cookie(live)).body()).isEqualTo("known user=bob");
    }

    @Test
    void thePeriodicSweepDeletesExpiredRows() throws InterruptedException {
        String base = serve(store(Duration.ZERO));
        send("POST", base + "/login?user=alice", null);
        assertThat(rows()).isEqualTo(1);
        clock.advance(Duration.ofHours(1));
        PgSessionStore sweeping = store(Duration.ofMillis(50));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (rows() > 0) {
            assertThat(System.nanoTime()).as("the expired row swept by the deadline").isLessThan(deadline);
            Thread.sleep(20);   // a poll interval; the deadline decides the outcome
        }
        sweeping.close();
    }

    @Test
    void aSessionLoggedOutMeanwhileIsNotSavedBack() {
        PgSessionStore store = store(Duration.ZERO);
        String base = serve(store);
        String id = cookieValue(send("POST", base + "/login?user=alice", null), "weft_session");
        SessionState loaded = store.load("weft_session", id, clock.instant()).orElseThrow();
        store.delete(loaded);
        var changed = new SessionState(loaded.id(), Map.of("user", "alice", "cart", "3"), loaded.createdAt(),
                clock.instant(), loaded.expiresAt());
        assertThat(store.save("weft_session", changed, false)).isEmpty();
        assertThat(rowsFor(id)).isZero();
    }

    @Test
    void malformedCookiesAreNoSession() {
        String base = serve(store(Duration.ZERO));
        for (String bad : new String[]{"x", "'%3B DROP TABLE weft_session.sessions", "A".repeat(43)}) {
            var response = send("GET", base + "/whoami", null, "Cookie", cookie(bad));
            assertThat(response.statusCode()).as(bad).isEqualTo(200);
            assertThat(response.body()).as(bad).isEqualTo("new user=none");
        }
    }
}
