package dev.weft.examples.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.weft.pg.PgQueries;
import dev.weft.pg.Row;
import java.util.List;

/**
 * The {@code user_changes} table (created by the demo's migration {@code V3__create_user_changes.sql}): every change to a user, written in the transaction that made it and
 * announced with {@code NOTIFY user_changes} from that same transaction, so that PostgreSQL delivers the
 * notification at commit and never for a rolled-back change. The notification carries only the id; a
 * listener reads the rows after the last one it has seen, which also makes catching up after a lost
 * LISTEN connection or a reconnecting client the same query.
 *
 * <p>Ids are taken under a transaction-scoped advisory lock, so they grow in commit order: a reader that
 * has seen id {@code n} has seen every change committed before it, and "the rows after {@code n}" misses
 * nothing. (A plain {@code bigserial} hands out ids at insert time: a transaction holding id 5 could commit
 * after the one holding id 6, and a client resuming from 6 would never see 5.) The price is that recording
 * changes is serialized from the lock to the commit; the record is the last statement of a write, so that
 * stretch is one round trip and the commit. Thread-safe (stateless).
 *
 * {@snippet :
 * pool.transaction(tx -> {
 *     User user = User.of(tx.queryOne("INSERT INTO users (name) VALUES ($1) RETURNING *", "Ada"));
 *     ChangeLog.record(tx, ChangeKind.created, user.id(), user);   // announced only if this commits
 * });
 * }
 */
public final class ChangeLog {
    /** The NOTIFY channel; the payload is the change's id. */
    public static final String CHANNEL = "user_changes";

    /** The advisory lock that orders ids by commit: "weft" in ASCII, unlikely to meet another application's key. */
    private static final long ORDER_LOCK = 0x77656674L;

    private static final String RECORD = """
            WITH ordered AS (SELECT pg_advisory_xact_lock($1)),
                 logged AS (INSERT INTO user_changes (kind, user_id, data)
                            SELECT $2, $3, $4::text::jsonb FROM ordered RETURNING id)
            SELECT pg_notify($5, id::text) FROM logged""";

    private static final String EVENTS = """
            SELECT id, json_build_object('id', id, 'kind', kind, 'userId', user_id, 'user', data, 'at', at)::text AS json
            FROM user_changes WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3""";

    // The API's own JSON shape: an absent Optional is null.
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new Jdk8Module()).build();

    private ChangeLog() {
    }

    /**
     * Records a change to user {@code userId}, whose state (after the change; before it for a delete) is
     * {@code user}, serialized as the API serializes it, and notifies {@link #CHANNEL}. Call it with the
     * connection of the transaction that made the change, as its last statement: the row and the
     * notification then commit or vanish with the change itself.
     */
    public static void record(PgQueries tx, ChangeKind kind, long userId, Object user) {
        String data;
        try {
            data = JSON.writeValueAsString(user);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize the user of a change: " + user, e);
        }
        tx.query(RECORD, ORDER_LOCK, kind.name(), userId, data, CHANNEL);
    }

    /** The last id recorded so far, 0 when there is none. */
    static long head(PgQueries db) {
        return db.queryValue(Long.class, "SELECT coalesce(max(id), 0) FROM user_changes");
    }

    /** At most {@code limit} events with {@code after < id <= upTo}, oldest first. */
    static List<FeedEvent> between(PgQueries db, long after, long upTo, int limit) {
        List<Row> rows = db.query(EVENTS, after, upTo, (long) limit);
        return rows.stream().map(row -> new FeedEvent(row.getLong("id"), row.getString("json"))).toList();
    }
}
