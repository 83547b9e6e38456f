package dev.weft.http.client;

import dev.weft.core.Deadline;
import dev.weft.core.DeadlineExceeded;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client against a scripted server that misbehaves: closes idle connections just as a request is
 * sent (the keep-alive race), stalls, cuts bodies short, breaks chunked framing, loops redirects.
 * Every test ends with no connection left in use.
 */
class ClientAdversityTest {
    private HttpClient client = HttpClient.builder().readTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void noConnectionLeftInUse() {
        assertThat(client.poolStatistics().inUse()).as("connections still lent out").isZero();
        client.close();
    }

    /** Answers the first request on each connection, then closes it without saying so (no Connection: close). */
    private static FakeServer closingAfterOneResponse() throws Exception {
        return FakeServer.start(peer -> {
            FakeServer.Request request = peer.read();
            if (request != null) {
                peer.ok("answer " + peer.index + " to " + request.requestLine());
            }
            // Wait until the client sent its next request on this connection, then close without answering.
            peer.read();
        });
    }

    @Test
    void idempotentRequestOnAConnectionClosedWhileIdleIsRetriedOnceOnAFreshConnection() throws Exception {
        try (var server = closingAfterOneResponse()) {
            assertThat(client.get(server.url("/a")).text()).isEqualTo("answer 0 to GET /a HTTP/1.1");
            assertThat(client.get(server.url("/b")).text()).isEqualTo("answer 1 to GET /b HTTP/1.1");
            assertThat(client.delete(server.url("/c")).text()).isEqualTo("answer 2 to DELETE /c HTTP/1.1");
            assertThat(server.connections()).isEqualTo(3);
        }
    }

    @Test
    void postOnAConnectionClosedWhileIdleIsNotRetriedAndSaysWhy() throws Exception {
        try (var server = closingAfterOneResponse()) {
            client.get(server.url("/a")).text();
            assertThatThrownBy(() -> client.post(server.url("/order"), RequestBody.text("buy")))
                    .isInstanceOf(ServerDisconnected.class)
                    .hasMessageContaining("POST is not retried");
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void streamedBodyIsNotRetried() throws Exception {
        try (var server = closingAfterOneResponse()) {
            client.get(server.url("/a")).text();
            var body = RequestBody.stream(new ByteArrayInputStream(new byte[10]), "application/octet-stream");
            assertThatThrownBy(() -> client.put(server.url("/file"), body))
                    .isInstanceOf(ServerDisconnected.class)
                    .hasMessageContaining("streamed body");
        }
    }

    @Test
    void serverClosingAFreshConnectionWithoutAnswerIsServerDisconnected() throws Exception {
        try (var server = FakeServer.start(peer -> peer.read())) {
            assertThatThrownBy(() -> client.get(server.url("/")))
                    .isInstanceOf(ServerDisconnected.class)
                    .hasMessageContaining("closed the connection before answering GET");
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void readTimeoutEndsAStalledResponseAndClosesTheConnection() throws Exception {
        client.close(); // replaced: close it, or the leak detector would report it
        client = HttpClient.builder().readTimeout(Duration.ofMillis(200)).build();
        var release = new CountDownLatch(1);
        try (var server = FakeServer.start(peer -> {
            peer.read();
            peer.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello");
            release.await(10, TimeUnit.SECONDS);
        })) {
            ClientResponse response = client.get(server.url("/slow"));
            assertThatThrownBy(response::text)
                    .isInstanceOfSatisfying(ClientTimeout.class, e -> assertThat(e.kind()).isEqualTo(ClientTimeout.Kind.READ));
            assertThat(client.poolStatistics().open()).isZero();
            release.countDown();
        }
    }

    @Test
    void totalTimeoutBoundsAServerThatKeepsTrickling() throws Exception {
        client.close(); // replaced: close it, or the leak detector would report it
        client = HttpClient.builder().readTimeout(Duration.ofSeconds(5)).totalTimeout(Duration.ofMillis(500)).build();
        try (var server = FakeServer.start(peer -> {
            peer.read();
            peer.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 100; i++) {
                peer.write("1\r\nx\r\n");
                Thread.sleep(50);
            }
        })) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.get(server.url("/trickle")).text())
                    .isInstanceOfSatisfying(ClientTimeout.class, e -> assertThat(e.kind()).isEqualTo(ClientTimeout.Kind.TOTAL));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void totalTimeoutBoundsTheUploadOfABodyTheServerDoesNotRead() throws Exception {
        client.close(); // replaced: close it, or the leak detector would report it
        client = HttpClient.builder().totalTimeout(Duration.ofMillis(500)).build();
        var release = new CountDownLatch(1);
        try (var server = FakeServer.start(peer -> release.await(10, TimeUnit.SECONDS))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.post(server.url("/upload"), RequestBody.bytes(new byte[64 << 20], "application/octet-stream")))
                    .isInstanceOfSatisfying(ClientTimeout.class, e -> assertThat(e.kind()).isEqualTo(ClientTimeout.Kind.TOTAL))
                    .hasMessageContaining("sending the request body");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(client.poolStatistics().open()).isZero();
            release.countDown();
        }
    }

    @Test
    void weftDeadlineEndsAWaitForTheHeadWithDeadlineExceededAndDropsTheConnection() throws Exception {
        try (var server = FakeServer.start(peer -> {
            peer.read();
            Thread.sleep(10_000);
        })) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> Deadline.within(Duration.ofMillis(300), () -> client.get(server.url("/stall"))))
                    .isInstanceOf(DeadlineExceeded.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(client.poolStatistics().open()).isZero();
        }
    }

    @Test
    void bodyCutShortIsAnInvalidResponse() throws Exception {
        try (var server = FakeServer.start(peer -> {
            peer.read();
            peer.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this");
        })) {
            assertThatThrownBy(() -> client.get(server.url("/")).text())
                    .isInstanceOf(InvalidResponse.class)
                    .hasMessageContaining("before the end of the body");
            assertThat(client.poolStatistics().open()).isZero();
        }
    }

    @Test
    void badChunkSizeIsAnInvalidResponse() throws Exception {
        try (var server = FakeServer.start(peer -> {
            peer.read();
            peer.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n");
        })) {
            assertThatThrownBy(() -> client.get(server.url("/")).text())
                    .isInstanceOf(InvalidResponse.class)
                    .hasMessageContaining("malformed chunked body");
        }
    }

    @Test
    void malformedStatusLineIsAnInvalidResponse() throws Exception {
        try (var server = FakeServer.start(peer -> {
            peer.read();
            peer.write("HTTP/1.1 OK\r\n\r\n");
        })) {
            assertThatThrownBy(() -> client.get(server.url("/")))
                    .isInstanceOf(InvalidResponse.class)
                    .hasMessageContaining("malformed response head");
        }
    }

    @Test
    void responseHeadLimitsAreConfigurableOnTheBuilder() throws Exception {
        client.close();
        client = HttpClient.builder().readTimeout(Duration.ofSeconds(5))
                .maxHeaderCount(2).maxHeaderSize(256).maxStatusLineLength(64).maxChunkLineLength(16).build();
        try (var server = FakeServer.start(FakeServer.serving((peer, request, n) -> {
            switch (request.requestLine().split(" ")[1]) {
                case "/fields" -> peer.write("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nContent-Length: 0\r\n\r\n");
                case "/big" -> peer.write("HTTP/1.1 200 OK\r\nA: " + "x".repeat(300) + "\r\nContent-Length: 0\r\n\r\n");
                case "/chunk" -> peer.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;" + "e".repeat(20) + "\r\nabc\r\n0\r\n\r\n");
                default -> peer.write("HTTP/1.1 200 OK\r\nA: 1\r\nContent-Length: 2\r\n\r\nok");
            }
        }))) {
            assertThat(client.get(server.url("/ok")).text()).isEqualTo("ok");
            assertThatThrownBy(() -> client.get(server.url("/fields"))).isInstanceOf(InvalidResponse.class)
                    .hasMessageContaining("more than 2 header fields");
            assertThatThrownBy(() -> client.get(server.url("/big"))).isInstanceOf(InvalidResponse.class)
                    .hasMessageContaining("larger than 256 bytes");
            assertThatThrownBy(() -> client.get(server.url("/chunk")).text()).isInstanceOf(InvalidResponse.class)
                    .hasMessageContaining("malformed chunked body");
        }
        assertThatThrownBy(() -> HttpClient.builder().maxStatusLineLength(8).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8");
    }

    @Test
    void closeDelimitedBodyIsReadToTheEndAndTheConnectionNotReused() throws Exception {
        try (var server = FakeServer.start(peer -> {
            peer.read();
            peer.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close");
            peer.close();
        })) {
            assertThat(client.get(server.url("/")).text()).isEqualTo("until close");
            assertThat(client.get(server.url("/")).text()).isEqualTo("until close");
            assertThat(server.connections()).isEqualTo(2);
            assertThat(client.poolStatistics().open()).isZero();
        }
    }

    @Test
    void chunkedBodyWithTrailersKeepsTheConnection() throws Exception {
        try (var server = FakeServer.start(FakeServer.serving((peer, request, n) ->
                peer.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "3;ext=1\r\nabc\r\n4\r\ndefg\r\n0\r\nX-Checksum: 1\r\n\r\n")))) {
            assertThat(client.get(server.url("/1")).text()).isEqualTo("abcdefg");
            assertThat(client.get(server.url("/2")).text()).isEqualTo("abcdefg");
            assertThat(server.connections()).isEqualTo(1);
            assertThat(client.poolStatistics().idle()).isEqualTo(1);
        }
    }

    @Test
    void interimContinueResponsesAreSkipped() throws Exception {
        try (var server = FakeServer.start(FakeServer.serving((peer, request, n) -> {
            peer.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n");
            peer.ok("final");
        }))) {
            try (ClientResponse response = client.post(server.url("/"), RequestBody.text("x"))) {
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.text()).isEqualTo("final");
            }
        }
    }

    @Test
    void gzipAndDeflateBodiesAreDecompressed() throws Exception {
        byte[] text = "compressed ".repeat(1000).getBytes(StandardCharsets.UTF_8);
        var gzip = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(gzip)) {
            out.write(text);
        }
        var zlib = new ByteArrayOutputStream();
        try (var out = new DeflaterOutputStream(zlib)) {
            out.write(text);
        }
        var rawDeflate = new ByteArrayOutputStream();
        try (var out = new DeflaterOutputStream(rawDeflate, new java.util.zip.Deflater(6, true))) {
            out.write(text);
        }
        try (var server = FakeServer.start(FakeServer.serving((peer, request, n) -> {
            String path = request.requestLine().split(" ")[1];
            byte[] body = switch (path) {
                case "/gzip" -> gzip.toByteArray();
                case "/zlib" -> zlib.toByteArray();
                default -> rawDeflate.toByteArray();
            };
            String encoding = path.equals("/gzip") ? "gzip" : "deflate";
            // chunked, so that the compressed stream ends before the framing does
            peer.write("HTTP/1.1 200 OK\r\nContent-Encoding: " + encoding + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(body.length) + "\r\n");
            peer.write(body);
            peer.write("\r\n0\r\n\r\n");
        }))) {
            for (String path : new String[]{"/gzip", "/zlib", "/raw"}) {
                assertThat(client.get(server.url(path)).bytes()).as(path).isEqualTo(text);
            }
            assertThat(server.requests.getFirst().header("accept-encoding")).isEqualTo("gzip, deflate");
            assertThat(server.connections()).as("connection reused after each compressed body").isEqualTo(1);
        }
    }

    @Test
    void redirectLoopIsTooManyRedirects() throws Exception {
        try (var server = FakeServer.start(FakeServer.serving((peer, request, n) ->
                peer.write("HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 4\r\n\r\nloop")))) {
            assertThatThrownBy(() -> client.get(server.url("/loop")))
                    .isInstanceOfSatisfying(TooManyRedirects.class, e -> assertThat(e.chain()).hasSize(12))
                    .hasMessageContaining("more than 10 redirects");
            assertThat(server.requests).hasSize(11);
            assertThat(server.connections()).as("redirect bodies drained, connection reused").isEqualTo(1);
        }
    }

    @Test
    void redirectsChangeOrKeepTheMethodAsTheStatusSays() throws Exception {
        try (var server = FakeServer.start(FakeServer.serving((peer, request, n) -> {
            String path = request.requestLine().split(" ")[1];
            switch (path) {
                case "/303" -> peer.write("HTTP/1.1 303 See Other\r\nLocation: /end\r\nContent-Length: 0\r\n\r\n");
                case "/301" -> peer.write("HTTP/1.1 301 Moved\r\nLocation: /end\r\nContent-Length: 0\r\n\r\n");
                case "/307" -> peer.write("HTTP/1.1 307 Temporary\r\nLocation: end\r\nContent-Length: 0\r\n\r\n");
                case "/308" -> peer.write("HTTP/1.1 308 Permanent\r\nLocation: /end\r\nContent-Length: 0\r\n\r\n");
                default -> peer.ok(request.requestLine().split(" ")[0] + " body=" + request.bodyText());
            }
        }))) {
            assertThat(client.post(server.url("/303"), RequestBody.text("x")).text()).isEqualTo("GET body=");
            assertThat(client.post(server.url("/301"), RequestBody.text("x")).text()).isEqualTo("GET body=");
            assertThat(client.put(server.url("/307"), RequestBody.text("y")).text()).isEqualTo("PUT body=y");
            try (ClientResponse response = client.post(server.url("/308"), RequestBody.text("z"))) {
                assertThat(response.text()).isEqualTo("POST body=z");
                assertThat(response.url().getPath()).isEqualTo("/end");
                assertThat(response.history()).extracting(ClientResponse::status).containsExactly(308);
                assertThat(response.history().getFirst().url().getPath()).isEqualTo("/308");
            }
        }
    }

    @Test
    void authorizationIsDroppedWhenARedirectLeavesTheOrigin() throws Exception {
        try (var other = FakeServer.start(FakeServer.serving((peer, request, n) ->
                peer.ok("auth=" + request.header("authorization"))));
             var server = FakeServer.start(FakeServer.serving((peer, request, n) -> {
                 if (request.requestLine().contains("/away")) {
                     peer.write("HTTP/1.1 302 Found\r\nLocation: " + other.url("/x") + "\r\nContent-Length: 0\r\n\r\n");
                 } else {
                     peer.ok("auth=" + request.header("authorization"));
                 }
             }))) {
            var request = ClientRequest.builder("GET", server.url("/away")).bearerAuth("secret").build();
            assertThat(client.request(request).text()).isEqualTo("auth=null");
            var local = ClientRequest.builder("GET", server.url("/here")).bearerAuth("secret").build();
            assertThat(client.request(local).text()).isEqualTo("auth=Bearer secret");
        }
    }
}
