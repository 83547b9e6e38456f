package dev.weft.embeddedpg;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fixture's minimal client against a scripted server that misbehaves. */
class AdminClientTest {

    private interface Script {
        void play(DataInputStream in, DataOutputStream out) throws IOException;
    }

    /** Runs {@code script} for one connection and returns the port; the server thread ends with the script. */
    private static int scriptedServer(Script script) throws IOException {
        var listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try (listener; var socket = listener.accept();
                 var in = new DataInputStream(socket.getInputStream());
                 var out = new DataOutputStream(socket.getOutputStream())) {
                byte[] startup = new byte[in.readInt() - 4];
                in.readFully(startup);
                script.play(in, out);
                out.flush();
            } catch (IOException ignored) {
                // the client hung up: that is what some tests provoke
            }
        });
        return listener.getLocalPort();
    }

    @Test
    void anAuthenticationRequestOtherThanTrustIsAClearError() throws IOException {
        int port = scriptedServer((in, out) -> {
            out.writeByte('R');
            out.writeInt(8);
            out.writeInt(10); // SASL
        });
        assertThatThrownBy(() -> AdminClient.connect("127.0.0.1", port, "postgres", "postgres", Duration.ofSeconds(5)))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("only uses trust authentication")
                .hasMessageContaining("type 10");
    }

    @Test
    void anAbsurdMessageLengthIsRefusedWithoutAllocatingIt() throws IOException {
        int port = scriptedServer((in, out) -> {
            out.writeByte('S');
            out.writeInt(Integer.MAX_VALUE);
        });
        assertThatThrownBy(() -> AdminClient.connect("127.0.0.1", port, "postgres", "postgres", Duration.ofSeconds(5)))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("bad backend message length " + Integer.MAX_VALUE);
    }

    @Test
    void aServerThatHangsUpMidHandshakeIsAnIoError() throws IOException {
        int port = scriptedServer((in, out) -> {
            out.writeByte('R');
            out.writeInt(8); // and nothing more
        });
        assertThatThrownBy(() -> AdminClient.connect("127.0.0.1", port, "postgres", "postgres", Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aStartupErrorCarriesTheSqlStateAndMessage() throws IOException {
        int port = scriptedServer((in, out) -> {
            byte[] fields = "SFATAL\0C57P03\0Mthe database system is starting up\0\0".getBytes();
            out.writeByte('E');
            out.writeInt(fields.length + 4);
            out.write(fields);
        });
        assertThatThrownBy(() -> AdminClient.connect("127.0.0.1", port, "postgres", "postgres", Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(EmbeddedPostgresException.class, e -> assertThat(e.sqlState()).contains("57P03"))
                .hasMessage("FATAL 57P03: the database system is starting up");
    }

    @Test
    void aSilentServerTimesOutInsteadOfHanging() throws IOException {
        int port = scriptedServer((in, out) -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> AdminClient.connect("127.0.0.1", port, "postgres", "postgres", Duration.ofMillis(300)))
                .isInstanceOf(SocketTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
