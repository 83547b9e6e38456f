package dev.weft.examples.users;

import dev.weft.http.server.Conflict;
import dev.weft.pg.PgQueries;
import dev.weft.pg.error.UniqueViolation;
import java.util.List;
import java.util.Optional;

/**
 * The SQL behind the users API: one statement per operation, every value a bind parameter, so a
 * failing call changes nothing. Thread-safe: the pool serves concurrent requests.
 *
 * {@snippet :
 * var store = new UserStore(PgPool.open(url));   // or a PgConnection
 * store.createSchema();
 * List<User> everyone = store.all();
 * }
 */
public final class UserStore {
    private static final String COLUMNS = "id, name, email, age";

    private final PgQueries db;

    /** A store over a pool (as the demo uses) or a single connection. */
    public UserStore(PgQueries db) {
        this.db = db;
    }

    /** Creates the table when it is missing and seeds a few users into an empty one. */
    public void createSchema() {
        db.execute("""
                CREATE TABLE IF NOT EXISTS users (
                    id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    name  text NOT NULL,
                    email text NOT NULL UNIQUE,
                    age   integer CHECK (age BETWEEN 0 AND 150)
                )""");
        db.transaction(tx -> {
            if (tx.queryValue(Long.class, "SELECT count(*) FROM users") == 0) {
                tx.executeBatch("INSERT INTO users (name, email, age) VALUES ($1, $2, $3)", List.of(
                        new Object[] {"Ada Lovelace", "ada@example.org", 36},
                        new Object[] {"Alan Turing", "alan@example.org", 41},
                        new Object[] {"Grace Hopper", "grace@example.org", 85}));
            }
        });
    }

    public List<User> all() {
        return db.query(User.class, "SELECT " + COLUMNS + " FROM users ORDER BY id");
    }

    public Optional<User> find(long id) {
        return Optional.ofNullable(db.queryOne(User.class, "SELECT " + COLUMNS + " FROM users WHERE id = $1", id));
    }

    /** Inserts the user; a taken e-mail address is a {@link Conflict}. */
    public User create(UserInput input) {
        try {
            return db.queryOne(User.class,
                    "INSERT INTO users (name, email, age) VALUES ($1, $2, $3) RETURNING " + COLUMNS,
                    input.name(), input.email(), input.age());
        } catch (UniqueViolation e) {
            throw emailTaken(input, e);
        }
    }

    /** Replaces the user's fields; empty when there is no such user. */
    public Optional<User> update(long id, UserInput input) {
        try {
            return Optional.ofNullable(db.queryOne(User.class,
                    "UPDATE users SET name = $2, email = $3, age = $4 WHERE id = $1 RETURNING " + COLUMNS,
                    id, input.name(), input.email(), input.age()));
        } catch (UniqueViolation e) {
            throw emailTaken(input, e);
        }
    }

    /** Deletes the user; false when there was none. */
    public boolean delete(long id) {
        return db.execute("DELETE FROM users WHERE id = $1", id) == 1;
    }

    private static Conflict emailTaken(UserInput input, UniqueViolation cause) {
        var conflict = new Conflict("a user with email " + input.email() + " already exists");
        conflict.addSuppressed(cause); // keeps the server's own message for the log
        return conflict;
    }
}
