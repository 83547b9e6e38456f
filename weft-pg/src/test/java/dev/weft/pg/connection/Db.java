package dev.weft.pg.connection;

import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgConnectOptions;
import dev.weft.pg.PgConnection;
import dev.weft.pg.SslMode;

import java.util.StringJoiner;
import java.util.function.UnaryOperator;

/** Connection options for the test database of the embedded server; plain TCP unless a test asks for TLS. */
final class Db {
    private Db() {
    }

    static PgConnectOptions.Builder options(TestDatabase db, String user, String password) {
        return PgConnectOptions.parse(db.uri(user, password)).toBuilder().password(password).sslMode(SslMode.DISABLE).passFile(null);
    }

    /** Options for the {@code postgres} database as {@code postgres} on 127.0.0.1 at each of {@code ports} in order, plus {@code keywords}. */
    static PgConnectOptions.Builder localHosts(String keywords, int... ports) {
        var hosts = new StringJoiner(",");
        var portList = new StringJoiner(",");
        for (int port : ports) {
            hosts.add("127.0.0.1");
            portList.add(Integer.toString(port));
        }
        return PgConnectOptions.parse("host=" + hosts + " port=" + portList + " user=postgres dbname=postgres sslmode=disable " + keywords)
                .toBuilder().passFile(null);
    }

    static PgConnection connect(TestDatabase db) {
        return PgConnection.connect(options(db, "postgres", null).build());
    }

    static PgConnection connect(TestDatabase db, UnaryOperator<PgConnectOptions.Builder> tweak) {
        return PgConnection.connect(tweak.apply(options(db, "postgres", null)).build());
    }
}
