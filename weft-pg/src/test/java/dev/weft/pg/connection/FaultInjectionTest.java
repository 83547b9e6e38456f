package dev.weft.pg.connection;

import dev.weft.embeddedpg.EmbeddedPostgres;
import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgConnection;
import dev.weft.pg.PgException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A TCP proxy in front of the real server that cuts the connection mid-stream, under pipelined load. */
@ExtendWith(EmbeddedPostgresExtension.class)
class FaultInjectionTest {
    private final EmbeddedPostgres pg;
    private final TestDatabase db;
    private final ServerSocket proxy;
    private final AtomicLong cutAfterBytes = new AtomicLong(Long.MAX_VALUE);
    private final ConcurrentLinkedQueue<Socket> sockets = new ConcurrentLinkedQueue<>();

    FaultInjectionTest(EmbeddedPostgres pg, TestDatabase db) throws IOException {
        this.pg = pg;
        this.db = db;
        this.proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    private void accept() {
        try {
            while (true) {
                Socket client = proxy.accept();
                Socket server = new Socket(pg.host(), pg.port());
                sockets.add(client);
                sockets.add(server);
                var budget = new AtomicLong(cutAfterBytes.get());
                Thread.ofVirtual().start(() -> pump(client, server, new AtomicLong(Long.MAX_VALUE)));
                Thread.ofVirtual().start(() -> pump(server, client, budget));
            }
        } catch (IOException closed) {
            // the test is over
        }
    }

    private static void pump(Socket from, Socket to, AtomicLong budget) {
        byte[] buffer = new byte[4096];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                long left = budget.addAndGet(-n);
                if (left < 0) {
                    out.write(buffer, 0, (int) Math.max(0, n + left));
                    out.flush();
                    from.close();
                    to.close();
                    return;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // one side went away; closing both ends the other pump too
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private PgConnection connectThroughProxy() {
        return PgConnection.connect(Db.options(db, "postgres", null).host("127.0.0.1", proxy.getLocalPort()).build());
    }

    @Test
    void cutMidStreamFailsEveryPipelinedCallerAndNothingHangs() throws InterruptedException {
        cutAfterBytes.set(60_000); // past startup, somewhere inside the responses to the load below
        var errors = new ConcurrentLinkedQueue<Throwable>();
        var answered = new AtomicInteger();
        try (var conn = connectThroughProxy()) {
            var threads = new ArrayList<Thread>();
            for (int t = 0; t < 16; t++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        for (int i = 0; i < 10_000; i++) {
                            conn.query("SELECT g, repeat('x', 20) FROM generate_series(1, 5) g");
                            answered.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }));
            }
            for (Thread t : threads) {
                assertThat(t.join(Duration.ofSeconds(20))).as("no caller hangs").isTrue();
            }
            assertThat(errors).hasSize(16).allMatch(e -> e instanceof PgException);
            assertThat(answered.get()).isPositive();
            assertThat(conn.isUsable()).isFalse();
        }
        cutAfterBytes.set(Long.MAX_VALUE);
        try (var fresh = connectThroughProxy()) {
            assertThat(fresh.queryValue(Integer.class, "SELECT 1")).isEqualTo(1);
        }
    }
}
