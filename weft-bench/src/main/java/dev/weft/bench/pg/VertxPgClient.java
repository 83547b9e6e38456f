package dev.weft.bench.pg;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * vertx-pg-client the way its users run it for speed: asynchronous, on one event loop (the client has
 * one core), native epoll, prepared statements cached. Each worker is a callback chain that sends its
 * next query from the completion of the previous one, so no thread is involved per query.
 */
final class VertxPgClient implements PgClient {
    private final Vertx vertx;
    private final SqlClient client;
    private final int workers;

    private VertxPgClient(Vertx vertx, SqlClient client, int workers) {
        this.vertx = vertx;
        this.client = client;
        this.workers = workers;
    }

    /**
     * A pool of {@code connections} ({@code pipelined} false: each query takes a connection for itself;
     * true: the pipelined client, up to 256 queries in flight per connection).
     */
    static VertxPgClient open(String uri, int workers, int connections, boolean pipelined) {
        var vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
        var connect = PgConnectOptions.fromUri(uri).setCachePreparedStatements(true)
                .setPipeliningLimit(pipelined ? 256 : 1);
        var pool = new PoolOptions().setMaxSize(connections);
        SqlClient client = pipelined
                ? PgBuilder.client().with(pool).connectingTo(connect).using(vertx).build()
                : PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
        var opened = new VertxPgClient(vertx, client, workers);
        try {
            // Fill the pool before measuring, as the blocking clients connect up front.
            opened.run(false, Duration.ofMillis(200));
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        return opened;
    }

    @Override
    public long run(boolean rows, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        var chains = new ArrayList<CompletableFuture<Long>>();
        for (int i = 0; i < workers; i++) {
            var chain = new CompletableFuture<Long>();
            chains.add(chain);
            vertx.runOnContext(v -> next(chain, 0, end, rows));
        }
        return chains.stream().mapToLong(CompletableFuture::join).sum();
    }

    private void next(CompletableFuture<Long> chain, long done, long end, boolean rows) {
        if (System.nanoTime() >= end) {
            chain.complete(done);
            return;
        }
        Future<RowSet<Row>> query = rows
                ? client.preparedQuery(BenchDatabase.ALL_MIXED).execute()
                : client.preparedQuery(BenchDatabase.POINT_QUERY)
                        .execute(Tuple.of(ThreadLocalRandom.current().nextInt(1, BenchDatabase.WORLD_ROWS + 1)));
        query.onComplete(result -> {
            if (result.failed()) {
                chain.completeExceptionally(result.cause());
                return;
            }
            try {
                next(chain, done + (rows ? touchAll(result.result()) : randomNumber(result.result())), end, rows);
            } catch (RuntimeException e) {
                chain.completeExceptionally(e);
            }
        });
    }

    private static int randomNumber(RowSet<Row> rows) {
        var it = rows.iterator();
        if (!it.hasNext() || it.next().getInteger(1) <= 0) {
            throw new IllegalStateException("point query returned no valid row");
        }
        return 1;
    }

    /** Decodes every column of every row, as the other clients do. */
    private static int touchAll(RowSet<Row> rows) {
        int count = 0;
        for (Row row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (row.getValue(i) == null) {
                    throw new IllegalStateException("unexpected NULL in column " + i);
                }
            }
            count++;
        }
        if (count != BenchDatabase.MIXED_ROWS) {
            throw new IllegalStateException("mixed read " + count + " rows");
        }
        return count;
    }

    @Override
    public void close() {
        try {
            client.close().toCompletionStage().toCompletableFuture().join();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
