package dev.weft.examples.users;

import dev.weft.examples.feed.ChangeKind;
import dev.weft.examples.feed.ChangeLog;
import dev.weft.http.server.Conflict;
import dev.weft.pg.PgQueries;
import dev.weft.pg.Row;
import dev.weft.pg.error.UniqueViolation;
import java.util.List;
import java.util.Optional;

/**
 * The SQL behind the users API. Every value travels as a bind parameter; the only text put into a
 * query is a sort clause chosen from {@link UserSort}'s constants. The table comes from the demo's
 * migrations ({@link dev.weft.examples.db.DemoSchema}); e-mail addresses are unique ignoring case. The
 * store works on whatever it is given: the API gives it the request's transaction. Each write also
 * records the change in the {@link ChangeLog} (which notifies the live feed) on the same connection, so
 * given the request's transaction, a change is announced exactly when it commits. Thread-safe when what
 * it is given is.
 *
 * {@snippet :
 * var store = new UserStore(pool);   // or a PgConnection in a transaction
 * List<User> firstPage = store.list(Optional.empty(), UserSort.name, UserSort.Direction.asc, 20, 0);
 * }
 */
public final class UserStore {
    private static final String COLUMNS = "id, name, email, age";

    private final PgQueries db;

    /** A store over a pool or a single connection. */
    public UserStore(PgQueries db) {
        this.db = db;
    }

    /**
     * One page of users: those whose name contains {@code nameContains} (ignoring case) when given,
     * in the order asked, skipping {@code offset} and returning at most {@code limit}.
     */
    public List<User> list(Optional<String> nameContains, UserSort sort, UserSort.Direction direction, int limit,
                           int offset) {
        String where = nameContains.isPresent() ? " WHERE strpos(lower(name), lower($3)) > 0 " : " ";
        String sql = "SELECT " + COLUMNS + " FROM users" + where + sort.orderBy(direction) + " LIMIT $1 OFFSET $2";
        List<Row> rows = nameContains.isPresent()
                ? db.query(sql, (long) limit, (long) offset, nameContains.get())
                : db.query(sql, (long) limit, (long) offset);
        return rows.stream().map(User::of).toList();
    }

    /** The user with this id, if there is one. */
    public Optional<User> find(long id) {
        return user(db.queryOne("SELECT " + COLUMNS + " FROM users WHERE id = $1", id));
    }

    /** Inserts the user; a taken e-mail address is a {@link Conflict}. */
    public User create(UserInput input) {
        return write(ChangeKind.created, input.email(),
                "INSERT INTO users (name, email, age) VALUES ($1, $2, $3) RETURNING " + COLUMNS,
                input.name(), input.email().orElse(null), input.age().orElse(null)).orElseThrow();
    }

    /** Replaces every field of the user (an omitted e-mail or age becomes null); empty when there is no such user. */
    public Optional<User> replace(long id, UserInput input) {
        return write(ChangeKind.updated, input.email(), "UPDATE users SET name = $2, email = $3, age = $4 WHERE id = $1 RETURNING " + COLUMNS,
                id, input.name(), input.email().orElse(null), input.age().orElse(null));
    }

    /**
     * Changes the fields the patch carries and keeps the others; an e-mail address or age sent as
     * {@code null} is cleared. Empty when there is no such user.
     */
    public Optional<User> patch(long id, UserPatch patch) {
        Optional<String> email = patch.email().isSet() ? patch.email().value() : Optional.empty();
        return write(ChangeKind.updated, email, """
                        UPDATE users SET name = coalesce($2, name),
                            email = CASE WHEN $3 THEN $4 ELSE email END,
                            age = CASE WHEN $5 THEN $6 ELSE age END
                        WHERE id = $1 RETURNING\s""" + COLUMNS,
                id, patch.name().orElse(null), patch.email().isSet(), email.orElse(null),
                patch.age().isSet(), patch.age().isSet() ? patch.age().value().orElse(null) : null);
    }

    /** Deletes the user; false when there was none. */
    public boolean delete(long id) {
        return write(ChangeKind.deleted, Optional.empty(), "DELETE FROM users WHERE id = $1 RETURNING " + COLUMNS, id)
                .isPresent();
    }

    private static Optional<User> user(Row row) {
        return Optional.ofNullable(row).map(User::of);
    }

    /**
     * Runs a write that returns the user's row and records it in the change log; the unique index on
     * lower(email) turns into a {@link Conflict}.
     */
    private Optional<User> write(ChangeKind kind, Optional<String> email, String sql, Object... args) {
        Optional<User> written;
        try {
            written = user(db.queryOne(sql, args));
        } catch (UniqueViolation e) {
            throw emailTaken(email.orElse(null), e);
        }
        written.ifPresent(user -> ChangeLog.record(db, kind, user.id(), user));
        return written;
    }

    private static Conflict emailTaken(String email, UniqueViolation cause) {
        var conflict = new Conflict("a user with email " + email + " already exists");
        conflict.addSuppressed(cause); // keeps the server's own message for the log
        return conflict;
    }
}
