package dev.weft.examples.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Api;
import dev.weft.api.Body;
import dev.weft.api.Path;
import dev.weft.api.Post;
import dev.weft.api.TestClient;
import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.http.server.Middlewares;
import dev.weft.http.server.WebApp;
import dev.weft.pg.PgConnection;
import dev.weft.pg.error.UniqueViolation;
import dev.weft.pg.pool.PgPool;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The request-scoped transaction on a real PostgreSQL: what a handler wrote stays only when it succeeded. */
@ExtendWith(EmbeddedPostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionsTest {
    private PgPool pool;
    private TestDatabase database;
    private TestClient client;

    /** A note sent as a body. */
    public record Note(@NotBlank String text) {
    }

    /** Handlers that write a note, then end in the way their path names. */
    public static final class Notes {
        @Post("/notes")
        public void writeBody(@Body Note note, PgConnection tx) {
            tx.execute("INSERT INTO notes (text) VALUES ($1)", note.text());
        }

        @Post("/notes/{text}")
        public void write(@Path String text, PgConnection tx) {
            tx.execute("INSERT INTO notes (text) VALUES ($1)", text);
        }

        @Post("/notes/{text}/then-fail")
        public void writeThenFail(@Path String text, PgConnection tx) {
            tx.execute("INSERT INTO notes (text) VALUES ($1)", text);
            throw new IllegalStateException("failed after the write");
        }

        @Post("/notes/{text}/swallow-an-error")
        public void swallowAnError(@Path String text, PgConnection tx) {
            tx.execute("INSERT INTO notes (text) VALUES ($1)", text);
            try {
                tx.execute("INSERT INTO notes (text) VALUES ($1)", text);
            } catch (UniqueViolation ignored) {
                // the mistake under test: the handler goes on and returns as if the write had worked
            }
        }
    }

    @BeforeAll
    void start(TestDatabase database) {
        this.database = database;
        database.execute("CREATE TABLE notes (text text PRIMARY KEY)");
        database.execute("GRANT ALL ON notes TO scram_user");
        pool = PgPool.open(database.uri("scram_user", "scram_pass"), cfg -> cfg.maxSize(2));
        var app = WebApp.create().use(Middlewares.errors());
        Api.builder().providers(new Transactions(() -> pool)).controller(new Notes()).mountOn(app);
        client = TestClient.of(app);
    }

    @AfterEach
    void everyConnectionIsBack() {
        assertThat(pool.statistics().inUse()).isZero();
    }

    @AfterAll
    void stop() {
        client.close();
        pool.close();
    }

    @Test
    void aHandlerThatReturnsCommits() {
        assertThat(client.post("/notes/kept", Map.of()).status()).isEqualTo(204);
        assertThat(notes("kept")).containsExactly(List.of("kept"));
    }

    @Test
    void aHandlerThatThrowsAfterAWriteLeavesNothingWritten() {
        assertThat(client.post("/notes/thrown/then-fail", Map.of()).status()).isEqualTo(500);
        assertThat(notes("thrown")).isEmpty();
    }

    @Test
    void aFailedStatementTheHandlerIgnoredIsNotAnsweredAsSuccess() {
        assertThat(client.post("/notes/swallowed/swallow-an-error", Map.of()).status()).isEqualTo(500);
        assertThat(notes("swallowed")).isEmpty();
    }

    @Test
    void anInvalidRequestNeverReachesTheHandlerAndGivesItsConnectionBack() {
        assertThat(client.post("/notes", Map.of("text", " ")).status()).isEqualTo(422);
        assertThat(client.post("/notes", Map.of("text", "from a body")).status()).isEqualTo(204);
        assertThat(notes("from a body")).containsExactly(List.of("from a body"));
        assertThat(notes(" ")).isEmpty();
    }

    private List<List<String>> notes(String text) {
        return database.query("SELECT text FROM notes WHERE text = '" + text + "'");
    }
}
