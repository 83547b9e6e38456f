package dev.weft.http.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code bytes()} over each framing: the exact-length read, the growing read, and the same limit for both. */
class ResponseBodyLimitTest {
    private static final int LIMIT = 1000;
    private FakeServer server;
    private HttpClient client;

    @AfterEach
    void close() throws IOException {
        client.close();
        server.close();
        assertThat(server.failures).isEmpty();
    }

    /** A body of {@code size} bytes whose content shows misplaced or dropped bytes. */
    private static byte[] body(int size) {
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        return body;
    }

    private String start(String framing, boolean gzip) throws IOException {
        server = FakeServer.start(peer -> {
            FakeServer.Request request;
            while ((request = peer.read()) != null) {
                respond(peer, request, framing, gzip);
            }
        });
        client = HttpClient.builder().maxBodySize(LIMIT).build();
        return server.url("/");
    }

    private static void respond(FakeServer.Peer peer, FakeServer.Request request, String framing, boolean gzip)
            throws IOException {
        int size = Integer.parseInt(request.requestLine().split(" ")[1].substring(1));
        byte[] content = body(size);
        byte[] wire = gzip ? gzip(content) : content;
        String encoding = gzip ? "Content-Encoding: gzip\r\n" : "";
        switch (framing) {
            case "length" -> {
                peer.write("HTTP/1.1 200 OK\r\n" + encoding + "Content-Length: " + wire.length + "\r\n\r\n");
                peer.write(wire);
            }
            case "chunked" -> {
                peer.write("HTTP/1.1 200 OK\r\n" + encoding + "Transfer-Encoding: chunked\r\n\r\n");
                for (int off = 0; off < wire.length; off += 300) {
                    int len = Math.min(300, wire.length - off);
                    peer.write(Integer.toHexString(len) + "\r\n");
                    peer.write(Arrays.copyOfRange(wire, off, off + len));
                    peer.write("\r\n");
                }
                peer.write("0\r\n\r\n");
            }
            default -> { // delimited by the end of the connection
                peer.write("HTTP/1.1 200 OK\r\n" + encoding + "Connection: close\r\n\r\n");
                peer.write(wire);
                peer.socket.shutdownOutput();
            }
        }
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }

    @Test
    void knownLengthBodiesAreReadWholeUpToTheLimitAndRefusedPastIt() throws IOException {
        String base = start("length", false);
        assertThat(client.get(base + "13").bytes()).isEqualTo(body(13));
        assertThat(client.get(base + "0").bytes()).isEmpty();
        assertThat(client.get(base + LIMIT).bytes()).isEqualTo(body(LIMIT));
        assertThatThrownBy(() -> client.get(base + (LIMIT + 1)).bytes())
                .isInstanceOf(InvalidResponse.class).hasMessageContaining("of 1001 bytes exceeds maxBodySize 1000");
    }

    @Test
    void chunkedBodiesGrowTheirBufferUpToTheLimitAndAreRefusedPastIt() throws IOException {
        String base = start("chunked", false);
        assertThat(client.get(base + "13").bytes()).isEqualTo(body(13));
        assertThat(client.get(base + "0").bytes()).isEmpty();
        assertThat(client.get(base + LIMIT).text()).isEqualTo(new String(body(LIMIT), StandardCharsets.UTF_8));
        assertThatThrownBy(() -> client.get(base + (LIMIT + 1)).bytes())
                .isInstanceOf(InvalidResponse.class).hasMessageContaining("body exceeds maxBodySize 1000 bytes");
    }

    @Test
    void connectionDelimitedBodiesAreReadToTheEndAndRefusedPastTheLimit() throws IOException {
        String base = start("close", false);
        assertThat(client.get(base + "999").bytes()).isEqualTo(body(999));
        assertThat(client.get(base + LIMIT).bytes()).isEqualTo(body(LIMIT));
        assertThatThrownBy(() -> client.get(base + "5000").bytes())
                .isInstanceOf(InvalidResponse.class).hasMessageContaining("body exceeds maxBodySize 1000 bytes");
    }

    @Test
    void aCompressedBodyIsNotSizedByItsContentLength() throws IOException {
        String base = start("length", true);
        // The gzip of these bodies is far shorter than the bodies: reading by Content-Length would cut them.
        assertThat(client.get(base + LIMIT).bytes()).isEqualTo(body(LIMIT));
        assertThatThrownBy(() -> client.get(base + (LIMIT + 1)).bytes())
                .isInstanceOf(InvalidResponse.class).hasMessageContaining("body exceeds maxBodySize 1000 bytes");
    }
}
