package dev.weft.embeddedpg;

import java.util.List;

/**
 * A database of its own for one test class on an {@link EmbeddedPostgres}, made by
 * {@link EmbeddedPostgresExtension}: empty, UTF-8, owned by the superuser, with its {@code public}
 * schema open to every role: the shared users can create tables in it, and the tables, sequences,
 * functions and types the superuser creates there (through {@link #execute}) are granted to every
 * role. Immutable and thread-safe.
 *
 * {@snippet :
 * @ExtendWith(EmbeddedPostgresExtension.class)
 * class UserRepositoryTest {
 *     @Test
 *     void savesUsers(TestDatabase db) {
 *         db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)");
 *         var connection = connect(db.uri("scram_user", "scram_pass"));
 *         // ...
 *     }
 * }
 * }
 *
 * @param server the server the database lives on
 * @param name   the database's name
 */
public record TestDatabase(EmbeddedPostgres server, String name) {
    /** Validates that both parts are present. */
    public TestDatabase {
        if (server == null) {
            throw new IllegalArgumentException("no server for database " + name);
        }
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty database name: " + name);
        }
    }

    /** A {@code postgresql://} URI for this database as {@code user} (null password: none in the URI). */
    public String uri(String user, String password) {
        return server.uri(user, password, name);
    }

    /** A {@code postgresql://} URI for this database as {@code user} over TLS verified against the fixture's CA. */
    public String tlsUri(String user, String password) {
        return server.tlsUri(user, password, name);
    }

    /** A pgjdbc URL for this database; credentials go in the connection properties. */
    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    /** Runs SQL in this database as the superuser; see {@link EmbeddedPostgres#execute(String)}. */
    public void execute(String sql) {
        server.execute(name, sql);
    }

    /** Runs SQL in this database as the superuser and returns the rows as text; see {@link EmbeddedPostgres#query}. */
    public List<List<String>> query(String sql) {
        return server.query(name, sql);
    }
}
