package dev.weft.examples.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.embeddedpg.EmbeddedPostgres;
import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deployment of {@link BehindNginxTest} with pgbouncer in transaction mode between the instances and
 * PostgreSQL: the users API goes through pgbouncer (two server connections for both instances, unnamed
 * statements), the live feed straight to PostgreSQL because its LISTEN needs a session of its own.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class BehindPgBouncerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int SERVER_CONNECTIONS = 2;
    private static final int WRITERS = 8;

    @Test
    void theUsersApiAndTheFeedWorkThroughPgBouncerInTransactionMode(EmbeddedPostgres server, TestDatabase database)
            throws Exception {
        database.execute("GRANT CREATE ON DATABASE " + database.name() + " TO scram_user"); // for schema weft_demo
        // pgbouncer 1.18 passes no search_path from the client (ignore_startup_parameters): the role's
        // default gives every server session the demo's schema, and survives the pool's RESET ALL.
        database.execute("ALTER ROLE scram_user IN DATABASE " + database.name() + " SET search_path TO weft_demo");
        try (var bouncer = PgBouncer.start(server.port(), "scram_user", "scram_pass", SERVER_CONNECTIONS)) {
            String pooled = "postgresql://scram_user:scram_pass@127.0.0.1:" + bouncer.port() + "/" + database.name()
                    + "?sslmode=disable&statement_cache_size=0";
            String direct = database.uri("scram_user", "scram_pass");
            try (var site = Site.start(pooled, direct);
                 var feed = FeedReader.sse("http://127.0.0.1:" + site.nginx.port() + "/events")) {
                assertThat(feed.next(WAIT).get("kind").asText()).isEqualTo("ready");

                // More writers at once than pgbouncer has server connections: their transactions take turns.
                var created = new ConcurrentLinkedQueue<Site.Reply>();
                List<Thread> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    String name = "Bouncer " + w;
                    writers.add(Thread.ofVirtual().start(() -> created.add(site.createUser(name))));
                }
                for (Thread writer : writers) {
                    writer.join(WAIT);
                }
                assertThat(created).hasSize(WRITERS);
                assertThat(created).extracting(Site.Reply::upstream).as("both instances served")
                        .containsAll(site.instances.stream().map(Site::address).toList());

                long id = created.peek().json().get("id").asLong();
                Site.Reply patched = site.send("PATCH", "/users/" + id, "{\"email\":\"bouncer@example.org\"}");
                assertThat(patched.status()).isEqualTo(200);
                assertThat(patched.json().get("email").asText()).isEqualTo("bouncer@example.org");
                Site.Reply duplicate = site.send("POST", "/users", "{\"name\":\"Twin\",\"email\":\"bouncer@example.org\"}");
                assertThat(duplicate.status()).as("the unique constraint through pgbouncer").isEqualTo(409);
                Site.Reply invalid = site.send("POST", "/users", "{\"name\":\"\",\"age\":-1}");
                assertThat(invalid.status()).isEqualTo(422);
                assertThat(site.send("GET", "/users/" + id, null).json().get("email").asText()).isEqualTo("bouncer@example.org");
                assertThat(site.send("DELETE", "/users/" + id, null).status()).isBetween(200, 204);
                assertThat(site.send("GET", "/users/" + id, null).status()).isEqualTo(404);

                // The feed carries every change that committed, in order, and nothing of the refused ones.
                List<String> changes = new ArrayList<>();
                while (changes.size() < WRITERS + 2) {
                    JsonNode change = feed.next(WAIT);
                    changes.add(change.get("kind").asText() + (change.get("kind").asText().equals("created") ? "" : " " + change.get("userId").asLong()));
                }
                assertThat(changes.subList(0, WRITERS)).containsOnly("created");
                assertThat(changes.subList(WRITERS, WRITERS + 2)).containsExactly("updated " + id, "deleted " + id);
                assertThat(bouncer.log()).as("the instances logged in through pgbouncer")
                        .contains("login attempt: db=" + database.name() + " user=scram_user");
            }
        }
    }
}
