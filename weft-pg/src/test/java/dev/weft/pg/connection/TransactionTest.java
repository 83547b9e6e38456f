package dev.weft.pg.connection;

import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.IsolationLevel;
import dev.weft.pg.TransactionOptions;
import dev.weft.pg.TransactionStatus;
import dev.weft.pg.error.InFailedSqlTransaction;
import dev.weft.pg.error.ReadOnlySqlTransaction;
import dev.weft.pg.error.SerializationFailure;
import dev.weft.pg.error.UniqueViolation;
import org.junit.jupiter.api.Test;

import dev.weft.pg.codec.CodecRegistry;
import dev.weft.pg.codec.TypeCatalog;
import dev.weft.pg.codec.TypeCodec;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionTest extends OneConnectionTest {
    TransactionTest(TestDatabase db) {
        super(db);
        conn.execute("CREATE TABLE IF NOT EXISTS account(id int PRIMARY KEY, balance int NOT NULL); TRUNCATE account; "
                + "INSERT INTO account VALUES (1, 100), (2, 0)");
    }

    private long balance(int id) {
        return conn.queryValue(Integer.class, "SELECT balance FROM account WHERE id = $1", id);
    }

    @Test
    void commitsWhenTheBodyReturns() {
        conn.transaction(tx -> {
            tx.execute("UPDATE account SET balance = balance - $1 WHERE id = $2", 30, 1);
            tx.execute("UPDATE account SET balance = balance + $1 WHERE id = $2", 30, 2);
            assertThat(tx.transactionStatus()).isEqualTo(TransactionStatus.IN_TRANSACTION);
        });
        assertThat(balance(1)).isEqualTo(70);
        assertThat(balance(2)).isEqualTo(30);
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        int result = conn.transactionResult(tx -> tx.queryValue(Integer.class, "SELECT sum(balance)::int FROM account"));
        assertThat(result).isEqualTo(100);
    }

    @Test
    void rollsBackAndRethrowsWhenTheBodyThrows() {
        var boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> conn.transaction(tx -> {
            tx.execute("UPDATE account SET balance = 0 WHERE id = $1", 1);
            throw boom;
        })).isSameAs(boom);
        assertThat(balance(1)).isEqualTo(100);
        assertThatThrownBy(() -> conn.transaction(tx -> {
            tx.execute("UPDATE account SET balance = 0 WHERE id = $1", 1);
            throw new IOException("checked");
        })).isInstanceOf(CompletionException.class).hasCauseInstanceOf(IOException.class);
        assertThat(balance(1)).isEqualTo(100);
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
    }

    @Test
    void nestedTransactionsAreSavepoints() {
        conn.transaction(tx -> {
            tx.execute("UPDATE account SET balance = 1 WHERE id = $1", 1);
            assertThatThrownBy(() -> tx.transaction(inner -> {
                inner.execute("UPDATE account SET balance = 2 WHERE id = $1", 2);
                inner.execute("INSERT INTO account VALUES ($1, $2)", 1, 0);
            })).isInstanceOf(UniqueViolation.class);
            tx.transaction(inner -> inner.execute("UPDATE account SET balance = 3 WHERE id = $1", 2));
        });
        assertThat(balance(1)).isEqualTo(1);
        assertThat(balance(2)).isEqualTo(3);
    }

    @Test
    void aFailedTransactionGivesAClearErrorUntilRolledBack() {
        assertThatThrownBy(() -> conn.transaction(tx -> {
            try {
                tx.execute("INSERT INTO account VALUES ($1, $2)", 1, 0);
            } catch (UniqueViolation swallowed) {
                // the body goes on as if nothing happened
            }
            assertThatThrownBy(() -> tx.query("SELECT 1 + $1::int", 1))
                    .isInstanceOf(InFailedSqlTransaction.class).hasMessageContaining("roll it back");
        })).isInstanceOf(InFailedSqlTransaction.class).hasMessageContaining("rolled back");
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        assertThat(conn.queryValue(Integer.class, "SELECT 1")).isEqualTo(1);
    }

    @Test
    void optionsSetIsolationAndReadOnly() {
        var options = TransactionOptions.DEFAULT.withIsolation(IsolationLevel.SERIALIZABLE).withReadOnly(true);
        assertThat(options.beginStatement()).isEqualTo("BEGIN ISOLATION LEVEL SERIALIZABLE, READ ONLY");
        conn.transaction(options, tx -> {
            assertThat(tx.queryValue(String.class, "SHOW transaction_isolation")).isEqualTo("serializable");
            assertThat(tx.queryValue(String.class, "SHOW transaction_read_only")).isEqualTo("on");
        });
        assertThatThrownBy(() -> conn.transaction(options, tx -> tx.execute("UPDATE account SET balance = 0 WHERE id = $1", 1)))
                .isInstanceOf(ReadOnlySqlTransaction.class);
        assertThat(balance(1)).isEqualTo(100);
        var deferrable = options.withDeferrable(true);
        assertThat(deferrable.beginStatement()).isEqualTo("BEGIN ISOLATION LEVEL SERIALIZABLE, READ ONLY, DEFERRABLE");
        conn.transaction(deferrable, tx -> assertThat(tx.queryValue(String.class, "SHOW transaction_deferrable")).isEqualTo("on"));
    }

    @Test
    void serializationFailuresAreRetriedWithinTheBudget() {
        var attempts = new AtomicInteger();
        var serializable = TransactionOptions.DEFAULT.withIsolation(IsolationLevel.SERIALIZABLE);
        try (var rival = Db.connect(db)) {
            conn.transaction(serializable.withRetries(2), tx -> {
                int attempt = attempts.incrementAndGet();
                int seen = tx.queryValue(Integer.class, "SELECT balance FROM account WHERE id = $1", 1);
                if (attempt == 1) {
                    rival.execute("UPDATE account SET balance = balance + 1 WHERE id = $1", 1);
                }
                tx.execute("UPDATE account SET balance = $1 WHERE id = $2", seen + 10, 1);
            });
            assertThat(attempts.get()).isEqualTo(2);
            assertThat(balance(1)).isEqualTo(111);

            attempts.set(0);
            assertThatThrownBy(() -> conn.transaction(serializable, tx -> {
                attempts.incrementAndGet();
                int seen = tx.queryValue(Integer.class, "SELECT balance FROM account WHERE id = $1", 1);
                rival.execute("UPDATE account SET balance = balance + 1 WHERE id = $1", 1);
                tx.execute("UPDATE account SET balance = $1 WHERE id = $2", seen + 10, 1);
            })).isInstanceOf(SerializationFailure.class);
            assertThat(attempts.get()).isEqualTo(1);
        }
    }

    @Test
    void theOuterConnectionUsedInsideTheBodyIsAnErrorNotADeadlock() {
        assertThatThrownBy(() -> conn.transaction(tx -> conn.query("SELECT 1")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("handed to the transaction body");
        assertThat(conn.queryValue(Integer.class, "SELECT 1")).isEqualTo(1);
    }

    @Test
    void aTransactionDoesNotWaitForAPreparationThatWaitsForIt() throws InterruptedException {
        conn.execute("DROP TYPE IF EXISTS hue; CREATE TYPE hue AS ENUM ('red', 'green')");
        int hueOid = conn.queryValue(Integer.class, "SELECT 'hue'::regtype::oid::int");
        var preparerInCodecLookup = new CountDownLatch(1);
        var transactionStarted = new CountDownLatch(1);
        var defaults = CodecRegistry.create();
        // Holds the preparing caller between its Describe and its catalog lookup until the transaction owns the connection.
        var gated = new CodecRegistry() {
            @Override
            public TypeCodec<?> forOid(int oid, TypeCatalog catalog) {
                if (oid == hueOid && preparerInCodecLookup.getCount() > 0) {
                    preparerInCodecLookup.countDown();
                    try {
                        transactionStarted.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return defaults.forOid(oid, catalog);
            }

            @Override
            public TypeCodec<Object> forParameter(int paramOid, Object value, TypeCatalog catalog) {
                return defaults.forParameter(paramOid, value, catalog);
            }

            @Override
            public CodecRegistry register(String typeName, TypeCodec<?> codec) {
                return defaults.register(typeName, codec);
            }

            @Override
            public <T> T convert(Object value, Class<T> target) {
                return defaults.convert(value, target);
            }
        };
        try (var shared = Db.connect(db, b -> b.codecs(gated))) {
            var preparerResult = new AtomicReference<String>();
            Thread preparer = Thread.ofVirtual().start(() -> preparerResult.set(shared.queryValue(String.class, "SELECT 'green'::hue")));
            assertThat(preparerInCodecLookup.await(10, TimeUnit.SECONDS)).isTrue();
            var inTransaction = new AtomicReference<String>();
            Thread tx = Thread.ofVirtual().start(() -> shared.transaction(t -> {
                transactionStarted.countDown();
                inTransaction.set(t.queryValue(String.class, "SELECT 'green'::hue"));
            }));
            assertThat(tx.join(Duration.ofSeconds(20))).as("the transaction finishes").isTrue();
            assertThat(preparer.join(Duration.ofSeconds(20))).isTrue();
            assertThat(inTransaction.get()).isEqualTo("green");
            assertThat(preparerResult.get()).isEqualTo("green");
        }
    }
}
