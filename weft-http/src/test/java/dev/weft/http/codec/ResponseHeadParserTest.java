package dev.weft.http.codec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The response head parser fed byte arrays, whole and one byte at a time. */
class ResponseHeadParserTest {
    private static ResponseHead parse(String text) {
        return new ResponseHeadParser(CodecLimits.DEFAULT).parse(bytes(text), 0, text.length());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void parsesStatusLineFieldsAndFraming() {
        ResponseHead head = parse("HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(head.status()).isEqualTo(201);
        assertThat(head.reason()).isEqualTo("Created");
        assertThat(head.fields().first("content-type")).isEqualTo("text/plain");
        assertThat(head.contentLength()).isEqualTo(5);
        assertThat(head.keepAlive()).isTrue();
        assertThat(head.hasBody("GET")).isTrue();
        assertThat(head.hasBody("HEAD")).isFalse();
    }

    @Test
    void emptyReasonAndNoSpaceAfterTheCodeAreAccepted() {
        assertThat(parse("HTTP/1.1 204 \r\n\r\n").reason()).isEmpty();
        ResponseHead head = parse("HTTP/1.1 304\r\nETag: \"x\"\r\n\r\n");
        assertThat(head.status()).isEqualTo(304);
        assertThat(head.hasBody("GET")).isFalse();
    }

    @Test
    void resumesAcrossPiecesOneByteAtATime() {
        String text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n";
        byte[] all = bytes(text);
        var parser = new ResponseHeadParser(CodecLimits.DEFAULT);
        ResponseHead head = null;
        for (int end = 1; end <= all.length && head == null; end++) {
            head = parser.parse(all, 0, end);
            if (head == null) {
                assertThat(end).isLessThan(all.length);
            }
        }
        assertThat(head).isNotNull();
        assertThat(parser.consumed()).isEqualTo(all.length);
        assertThat(head.chunked()).isTrue();
        assertThat(head.closeDelimited()).isFalse();
    }

    @Test
    void http10DefaultsToCloseAndConnectionCloseIsHonoured() {
        assertThat(parse("HTTP/1.0 200 OK\r\n\r\n").keepAlive()).isFalse();
        assertThat(parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\n").keepAlive()).isTrue();
        assertThat(parse("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n").keepAlive()).isFalse();
    }

    @Test
    void withoutLengthTheBodyIsCloseDelimited() {
        ResponseHead head = parse("HTTP/1.1 200 OK\r\n\r\n");
        assertThat(head.closeDelimited()).isTrue();
        ResponseHead gzipOnly = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n");
        assertThat(gzipOnly.closeDelimited()).isTrue();
        assertThat(gzipOnly.keepAlive()).isFalse();
    }

    @Test
    void transferEncodingWinsOverContentLengthAndTheConnectionIsNotReused() {
        ResponseHead head = parse("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n");
        assertThat(head.chunked()).isTrue();
        assertThat(head.contentLength()).isEqualTo(-1);
        assertThat(head.keepAlive()).isFalse();
    }

    @Test
    void refusesMalformedHeads() {
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\nX: y\r\n\r\n")).isInstanceOf(HttpParseException.class)
                .hasMessageContaining("bare LF");
        assertThatThrownBy(() -> parse("HTTP/2 200 OK\r\n\r\n")).hasMessageContaining("invalid status line");
        assertThatThrownBy(() -> parse("HTTP/1.1 2x0 OK\r\n\r\n")).hasMessageContaining("invalid status code");
        assertThatThrownBy(() -> parse("HTTP/1.1 099 Odd\r\n\r\n")).hasMessageContaining("invalid status code 99");
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nX: a\r\n folded\r\n\r\n")).hasMessageContaining("folding");
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"))
                .hasMessageContaining("differing Content-Length");
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"))
                .hasMessageContaining("invalid Content-Length");
    }

    @Test
    void enforcesTheHeadSizeLimit() {
        var limits = new CodecLimits(64, 128, 100, 1024);
        String big = "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(200) + "\r\n\r\n";
        assertThatThrownBy(() -> new ResponseHeadParser(limits).parse(bytes(big), 0, big.length()))
                .hasMessageContaining("larger than 128 bytes");
    }
}
