package dev.weft.examples.auth;

import dev.weft.http.server.Conflict;
import dev.weft.pg.PgQueries;
import dev.weft.pg.Row;
import dev.weft.pg.error.UniqueViolation;
import java.util.Optional;

/**
 * The SQL behind sign-up and login: the {@code accounts} table of the demo's migration
 * {@code V4__create_accounts.sql}. It stores password hashes only; hashing happens before it is called,
 * outside any transaction, so no connection waits on Argon2. Thread-safe when what it is given is.
 *
 * {@snippet :
 * var accounts = new AccountStore(pool);
 * accounts.create("ada", hasher.hash(password));   // Conflict when the name is taken
 * }
 */
public final class AccountStore {
    private final PgQueries db;

    /** A store over a pool or a connection. */
    public AccountStore(PgQueries db) {
        this.db = db;
    }

    /** Adds an account; a taken name is a {@link Conflict}. */
    public void create(String username, String passwordHash) {
        try {
            db.execute("INSERT INTO accounts (username, password_hash) VALUES ($1, $2)", username, passwordHash);
        } catch (UniqueViolation e) {
            throw new Conflict("the username " + username + " is taken");
        }
    }

    /** The stored hash of {@code username}'s password, if there is such an account. */
    public Optional<String> passwordHash(String username) {
        Row row = db.queryOne("SELECT password_hash FROM accounts WHERE username = $1", username);
        return Optional.ofNullable(row).map(r -> r.getString(0));
    }

    /** Replaces the stored hash (after a login found it made with lower costs). */
    public void replaceHash(String username, String passwordHash) {
        db.execute("UPDATE accounts SET password_hash = $2 WHERE username = $1", username, passwordHash);
    }
}
