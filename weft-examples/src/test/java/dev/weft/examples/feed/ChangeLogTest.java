package dev.weft.examples.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Settable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.core.Channel;
import dev.weft.core.Task;
import dev.weft.core.TaskGroup;
import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.examples.DemoTables;
import dev.weft.examples.users.User;
import dev.weft.examples.users.UserInput;
import dev.weft.examples.users.UserPatch;
import dev.weft.examples.users.UserStore;
import dev.weft.pg.PgConnection;
import dev.weft.pg.pool.PgPool;
import dev.weft.pg.pool.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The change log on a real PostgreSQL: written and announced with the change, in commit order, never for a rollback. */
@ExtendWith(EmbeddedPostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChangeLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private PgPool pool;
    private final Channel<Long> announced = Channel.create(1000);
    private Subscription listening;

    @BeforeAll
    void start(TestDatabase database) {
        pool = PgPool.open(database.uri("scram_user", "scram_pass"), cfg -> cfg.maxSize(4));
        DemoTables.create(pool);
        listening = pool.listen(ChangeLog.CHANNEL, note -> announced.send(Long.parseLong(note.payload())));
    }

    @BeforeEach
    void nothingAnnouncedYet() {
        assertThat(announced.tryReceive()).isEmpty();
    }

    @AfterEach
    void everyConnectionIsBack() {
        assertThat(pool.statistics().inUse()).isZero();
    }

    @AfterAll
    void stop() {
        listening.close();
        pool.close();
    }

    @Test
    void everyWriteOfTheStoreIsLoggedWithTheUserAndAnnouncedAtCommit() throws Exception {
        long id = pool.transactionResult(tx -> {
            var users = new UserStore(tx);
            User created = users.create(new UserInput("Logged Lovelace", Optional.of("logged@example.org"), Optional.of(36)));
            users.replace(created.id(), new UserInput("Logged L.", Optional.empty(), Optional.of(37)));
            users.patch(created.id(), new UserPatch(Optional.empty(), Settable.unset(), Settable.of(38)));
            assertThat(users.delete(created.id())).isTrue();
            assertThat(users.delete(created.id())).as("no user, no change").isFalse();
            return created.id();
        });

        List<FeedEvent> events = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<JsonNode> users = new ArrayList<>();
        for (FeedEvent event : ChangeLog.between(pool, 0, Long.MAX_VALUE, 100)) {
            JsonNode change = JSON.readTree(event.json());
            if (change.get("userId").asLong() != id) {
                continue;
            }
            events.add(event);
            assertThat(change.get("id").asLong()).isEqualTo(event.id());
            assertThat(change.get("at").asText()).isNotBlank();
            kinds.add(change.get("kind").asText());
            users.add(change.get("user"));
        }
        assertThat(kinds).containsExactly("created", "updated", "updated", "deleted");
        assertThat(users.get(0)).isEqualTo(JSON.readTree(
                "{\"id\":" + id + ",\"name\":\"Logged Lovelace\",\"email\":\"logged@example.org\",\"age\":36}"));
        assertThat(users.get(1).get("email").isNull()).isTrue();
        assertThat(users.get(2).get("age").asInt()).isEqualTo(38);
        assertThat(users.get(3).get("name").asText()).as("a delete logs the user as it was").isEqualTo("Logged L.");
        for (FeedEvent event : events) {
            assertThat(announced.receive(WAIT)).contains(event.id());
        }
    }

    @Test
    void aRolledBackChangeIsNeitherLoggedNorAnnounced() {
        assertThatThrownBy(() -> pool.transaction(tx -> {
            new UserStore(tx).create(new UserInput("Rolled Back", Optional.empty(), Optional.empty()));
            throw new IllegalStateException("the request failed after the write");
        })).hasMessageContaining("after the write");
        long before = ChangeLog.head(pool);

        long kept = pool.transactionResult(tx ->
                new UserStore(tx).create(new UserInput("Kept", Optional.empty(), Optional.empty())).id());

        // Notifications come in commit order: had the rollback been announced, its id would come first.
        long first = announced.receive(WAIT).orElseThrow();
        List<FeedEvent> logged = ChangeLog.between(pool, before, Long.MAX_VALUE, 10);
        assertThat(logged).singleElement().satisfies(e -> assertThat(e.json()).contains("Kept").doesNotContain("Rolled"));
        assertThat(first).isEqualTo(logged.getFirst().id());
        assertThat(pool.queryValue(Long.class, "SELECT count(*) FROM users WHERE id = $1", kept)).isEqualTo(1);
        assertThat(pool.queryValue(Long.class, "SELECT count(*) FROM users WHERE name = 'Rolled Back'")).isZero();
    }

    @Test
    void idsFollowCommitOrderSoAReaderThatSawAnIdSawEverythingBefore() {
        try (PgConnection first = pool.acquire()) {
            first.execute("BEGIN");
            ChangeLog.record(first, ChangeKind.created, 1, Map.of("name", "first"));
            int firstBackend = first.processId();
            TaskGroup.run(group -> {
                Task<Void> second = group.spawn(() -> pool.transaction(tx ->
                        ChangeLog.record(tx, ChangeKind.created, 2, Map.of("name", "second"))));
                awaitWaitingOnTheLockOf(firstBackend);
                assertThat(second.state()).isEqualTo(Task.State.RUNNING);
                first.execute("COMMIT");
                second.join();
            });
        }
        List<FeedEvent> two = ChangeLog.between(pool, ChangeLog.head(pool) - 2, Long.MAX_VALUE, 10);
        assertThat(two).extracting(FeedEvent::json).satisfiesExactly(
                e -> assertThat(e).contains("first"), e -> assertThat(e).contains("second"));
        assertThat(announced.receive(WAIT)).contains(two.get(0).id());
        assertThat(announced.receive(WAIT)).contains(two.get(1).id());
    }

    /** Waits until some backend waits for a lock that {@code holder} holds: the second writer is queued behind the first. */
    private void awaitWaitingOnTheLockOf(int holder) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (pool.queryValue(Long.class,
                "SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))", holder) == 0) {
            assertThat(System.nanoTime()).as("a second writer waiting for the first").isLessThan(deadline);
        }
    }
}
