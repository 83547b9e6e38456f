package dev.weft.pg.connection;

import dev.weft.core.Deadline;
import dev.weft.core.DeadlineExceeded;
import dev.weft.pg.PgConnectOptions;
import dev.weft.pg.PgConnection;
import dev.weft.pg.PgException;
import dev.weft.pg.PgProtocolException;
import dev.weft.pg.SslMode;
import dev.weft.pg.error.ConnectionFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A scripted fake server that completes startup, then misbehaves: the driver must fail cleanly, never hang. */
class FakeServerTest {
    private final ServerSocket server;
    private final Thread acceptor;
    private volatile Misbehaviour misbehaviour;

    interface Misbehaviour {
        void onFirstSync(DataOutputStream out, Socket socket) throws IOException;
    }

    FakeServerTest() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(this::serve);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        acceptor.join(Duration.ofSeconds(5));
    }

    private void serve() {
        try (Socket socket = server.accept()) {
            var in = new DataInputStream(socket.getInputStream());
            var out = new DataOutputStream(socket.getOutputStream());
            byte[] first = new byte[in.readInt() - 4];
            in.readFully(first);
            if (first.length == 4 && first[0] == 0x04 && first[1] == (byte) 0xd2) {  // SSLRequest (80877103)
                out.write('N');
                out.flush();
                in.readFully(new byte[in.readInt() - 4]);                // then the StartupMessage
            }
            out.write(new byte[]{'R', 0, 0, 0, 8, 0, 0, 0, 0});          // AuthenticationOk
            out.write(new byte[]{'K', 0, 0, 0, 12, 0, 0, 0, 9, 0, 0, 0, 9});
            out.write(new byte[]{'Z', 0, 0, 0, 5, 'I'});
            out.flush();
            while (true) {
                int type = in.read();
                if (type < 0) {
                    return;
                }
                in.readFully(new byte[in.readInt() - 4]);
                if (type == 'S') {
                    misbehaviour.onFirstSync(out, socket);
                    socket.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                    return;
                }
            }
        } catch (IOException ignored) {
            // the client went away; the test checks what the client saw
        }
    }

    private PgConnection connect() {
        return connect(SslMode.DISABLE);
    }

    private PgConnection connect(SslMode mode) {
        return PgConnection.connect(PgConnectOptions.builder().host("127.0.0.1", server.getLocalPort()).user("u")
                .sslMode(mode).passFile(null).build());
    }

    @Test
    void preferFallsBackToPlainWhenTheServerHasNoTls() {
        misbehaviour = (out, socket) -> out.write(new byte[]{'!', 0, 0, 0, 4});
        try (var conn = connect(SslMode.PREFER)) {
            assertThat(conn.isUsable()).isTrue();
        }
    }

    @Test
    void requireRefusesAServerWithoutTls() {
        assertThatThrownBy(() -> connect(SslMode.REQUIRE)).isInstanceOf(PgException.class)
                .hasMessageContaining("sslmode=require but the server does not support TLS");
    }

    @Test
    void unknownMessageTypeIsAProtocolErrorForEveryWaiter() throws InterruptedException {
        misbehaviour = (out, socket) -> {
            out.write(new byte[]{'!', 0, 0, 0, 4});
            out.flush();
        };
        try (var conn = connect()) {
            var errors = new ConcurrentLinkedQueue<Throwable>();
            var threads = new ArrayList<Thread>();
            for (int i = 0; i < 4; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        conn.query("SELECT 1");
                    } catch (Throwable t) {
                        errors.add(t);
                    }
                }));
            }
            for (Thread t : threads) {
                assertThat(t.join(Duration.ofSeconds(5))).as("nothing hangs").isTrue();
            }
            assertThat(errors).hasSize(4).allMatch(e -> e instanceof PgException);
            assertThat(errors).anyMatch(e -> e instanceof PgProtocolException && e.getMessage().contains("unknown backend message"));
            assertThat(conn.isUsable()).isFalse();
            assertThatThrownBy(() -> conn.query("SELECT 1")).isInstanceOf(PgException.class);
        }
    }

    @Test
    void serverHangingUpMidResponseIsAConnectionFailure() {
        misbehaviour = (out, socket) -> {
            out.write(new byte[]{'1', 0, 0, 0, 4, 'T', 0, 0, 0});        // ParseComplete, then half a RowDescription
            out.flush();
            socket.close();
        };
        try (var conn = connect()) {
            assertThatThrownBy(() -> conn.query("SELECT 1")).isInstanceOf(ConnectionFailure.class)
                    .hasMessageContaining("broken");
        }
    }

    @Test
    void oversizedMessageIsRefusedBeforeItIsRead() {
        misbehaviour = (out, socket) -> {
            out.write(new byte[]{'1', 0, 0, 0, 4, 'D', 0x7f, 0, 0, 0});
            out.flush();
        };
        try (var conn = connect()) {
            assertThatThrownBy(() -> conn.query("SELECT 1")).isInstanceOf(PgProtocolException.class)
                    .hasMessageContaining("max_message_size");
        }
    }

    @Test
    void aServerThatNeverAnswersStartupTimesOut() throws IOException {
        try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var options = PgConnectOptions.builder().host("127.0.0.1", silent.getLocalPort()).user("u")
                    .sslMode(SslMode.DISABLE).passFile(null);
            long start = System.nanoTime();
            assertThatThrownBy(() -> PgConnection.connect(options.connectTimeout(Duration.ofMillis(300)).build()))
                    .isInstanceOf(PgException.class).hasMessageContaining("127.0.0.1:" + silent.getLocalPort());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThatThrownBy(() -> Deadline.within(Duration.ofMillis(300), () -> {
                return PgConnection.connect(options.build());
            })).isInstanceOf(DeadlineExceeded.class);
        }
    }

    @Test
    void aServerSkippingScramProofIsRefused() throws Exception {
        try (var impostor = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofVirtual().start(() -> {
                try (Socket socket = impostor.accept()) {
                    var in = new DataInputStream(socket.getInputStream());
                    var out = new DataOutputStream(socket.getOutputStream());
                    in.readFully(new byte[in.readInt() - 4]);                       // StartupMessage
                    byte[] mechanism = "SCRAM-SHA-256\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    out.writeByte('R');
                    out.writeInt(8 + mechanism.length);
                    out.writeInt(10);                                                // AuthenticationSASL
                    out.write(mechanism);
                    out.flush();
                    in.readByte();
                    in.readFully(new byte[in.readInt() - 4]);                       // SASLInitialResponse
                    out.write(new byte[]{'R', 0, 0, 0, 8, 0, 0, 0, 0});               // AuthenticationOk, no proof
                    out.flush();
                    in.read();
                } catch (IOException ignored) {
                    // the client hangs up, as it should
                }
            });
            var options = PgConnectOptions.builder().host("127.0.0.1", impostor.getLocalPort()).user("u").password("pw")
                    .sslMode(SslMode.DISABLE).passFile(null).build();
            assertThatThrownBy(() -> PgConnection.connect(options)).isInstanceOf(PgException.class)
                    .hasMessageContaining("without proving it knows the password");
            assertThat(server.join(Duration.ofSeconds(5))).isTrue();
        }
    }
}
