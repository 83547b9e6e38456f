package dev.weft.http.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The head parser fed byte arrays: framing decisions, limits and their statuses, resumed scanning. */
class HeadParserTest {
    private static final CodecLimits SMALL = new CodecLimits(64, 256, 4, 32);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static RequestHead parse(String head) {
        return new HeadParser(CodecLimits.DEFAULT).parseRequest(bytes(head), 0, head.length());
    }

    private static int refusal(CodecLimits limits, String head) {
        try {
            new HeadParser(limits).parseRequest(bytes(head), 0, head.length());
        } catch (HttpParseException e) {
            return e.status();
        }
        return 0;
    }

    @Test
    void derivesFramingAndKeepAlive() {
        RequestHead chunked = parse("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip-free, chunked\r\n\r\n".replace("gzip-free, ", ""));
        assertThat(chunked.chunked()).isTrue();
        assertThat(chunked.contentLength()).isEqualTo(-1);
        assertThat(chunked.keepAlive()).isTrue();
        RequestHead closing = parse("GET / HTTP/1.1\r\nConnection: keep-alive, Close\r\n\r\n");
        assertThat(closing.keepAlive()).isFalse();
        RequestHead old = parse("GET / HTTP/1.0\r\n\r\n");
        assertThat(old.keepAlive()).isFalse();
        assertThat(old.version()).isEqualTo("HTTP/1.0");
        assertThat(parse("PUT /x HTTP/1.1\r\nContent-Length: 007\r\n\r\n").contentLength()).isEqualTo(7);
    }

    @Test
    void keepsFieldsInPlaceAndTrimsOptionalWhitespace() {
        RequestHead head = parse("GET /p?q=1 HTTP/1.1\r\nHost:\t example.test \r\nX-Obs: caf\u00e9\r\nx-obs: 2\r\n\r\n");
        assertThat(head.target()).isEqualTo("/p?q=1");
        assertThat(head.fields().first("HOST")).isEqualTo("example.test");
        assertThat(head.fields().all("X-OBS")).containsExactly("caf\u00e9", "2");
        assertThat(head.fields().name(1)).isEqualTo("X-Obs");
        assertThat(head.method()).isSameAs("GET");
    }

    @Test
    void resumesAcrossArbitrarySplitsAndMovedBuffers() {
        String text = "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
        byte[] all = bytes(text);
        var parser = new HeadParser(CodecLimits.DEFAULT);
        RequestHead head = null;
        for (int end = 1; end <= all.length && head == null; end++) {
            // Each call sees the same unconsumed bytes at a different place, as after a buffer compaction.
            byte[] moved = new byte[end + 3];
            System.arraycopy(all, 0, moved, 3, end);
            head = parser.parseRequest(moved, 3, 3 + end);
        }
        assertThat(head).isNotNull();
        assertThat(parser.consumed()).isEqualTo(text.length() - 5);
        assertThat(head.fields().first("content-length")).isEqualTo("5");
    }

    @Test
    void mapsLimitsToTheirStatuses() {
        assertThat(refusal(SMALL, "GET /" + "a".repeat(70) + " HTTP/1.1\r\n")).isEqualTo(414);
        assertThat(refusal(SMALL, "GET / HTTP/1.1\r\nA: " + "b".repeat(300))).isEqualTo(431);
        assertThat(refusal(SMALL, "GET / HTTP/1.1\r\n" + "A: b\r\n".repeat(5) + "\r\n")).isEqualTo(431);
        assertThat(refusal(SMALL, "GET / HTTP/1.1\r\n" + "A: b\r\n".repeat(4) + "\r\n")).isZero();
        assertThat(refusal(CodecLimits.DEFAULT, "GET / HTTP/3.0\r\n")).isEqualTo(505);
        assertThat(refusal(CodecLimits.DEFAULT, "PUT / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n")).isEqualTo(413);
    }

    @Test
    void refusesAmbiguityAsSoonAsTheLineArrives() {
        // No final CRLF: the smuggling shape is refused before the head ends.
        assertThat(refusal(CodecLimits.DEFAULT, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n"))
                .isEqualTo(400);
        assertThat(refusal(CodecLimits.DEFAULT, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, identity\r\n")).isEqualTo(400);
        assertThat(refusal(CodecLimits.DEFAULT, "GET / HTTP/1.1\r\nA: b\r\n c")).isEqualTo(400);
        assertThat(refusal(CodecLimits.DEFAULT, "GET / HTTP/1.1\rX")).isEqualTo(400);
    }

    @Test
    void checksTargetForms() {
        assertThat(parse("OPTIONS * HTTP/1.1\r\n\r\n").target()).isEqualTo("*");
        assertThat(parse("CONNECT example.test:443 HTTP/1.1\r\n\r\n").target()).isEqualTo("example.test:443");
        assertThat(parse("GET http://example.test/a HTTP/1.1\r\n\r\n").target()).isEqualTo("http://example.test/a");
        assertThatThrownBy(() -> parse("GET * HTTP/1.1\r\n\r\n")).isInstanceOf(HttpParseException.class);
        assertThatThrownBy(() -> parse("GET example.test:443 HTTP/1.1\r\n\r\n")).isInstanceOf(HttpParseException.class);
        assertThatThrownBy(() -> parse("GET /caf\u007f HTTP/1.1\r\n\r\n")).hasMessage("invalid request target");
        // Raw bytes above 0x7F are percent-encoded rather than refused (see RequestFramingTest).
        assertThat(parse("GET /caf\u00e9 HTTP/1.1\r\n\r\n").target()).isEqualTo("/caf%E9");
    }
}
