package dev.weft.pg.connection;

import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgConnectOptions;
import dev.weft.pg.PgConnection;
import dev.weft.pg.SslMode;

import java.util.function.UnaryOperator;

/** Connection options for the test database of the embedded server; plain TCP unless a test asks for TLS. */
final class Db {
    private Db() {
    }

    static PgConnectOptions.Builder options(TestDatabase db, String user, String password) {
        return PgConnectOptions.parse(db.uri(user, password)).toBuilder().password(password).sslMode(SslMode.DISABLE).passFile(null);
    }

    static PgConnection connect(TestDatabase db) {
        return PgConnection.connect(options(db, "postgres", null).build());
    }

    static PgConnection connect(TestDatabase db, UnaryOperator<PgConnectOptions.Builder> tweak) {
        return PgConnection.connect(tweak.apply(options(db, "postgres", null)).build());
    }
}
