package dev.weft.http.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The request framing rules of RFC 9112 section 6 as {@link HeadParser} applies them: which transfer
 * codings are 400 and which 501, {@code Content-Length} as exactly one number, and request targets with
 * raw UTF-8. Every input is also fed one byte at a time, which must end the same way.
 */
class RequestFramingTest {
    /** The status a head is refused with, or 0 when it is accepted; the same whole or byte by byte. */
    private static int status(String head) {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        int whole = status(bytes, bytes.length);
        assertThat(status(bytes, 1)).as("byte-at-a-time feeding of %s", head).isEqualTo(whole);
        return whole;
    }

    private static int status(byte[] input, int step) {
        var parser = new HeadParser(CodecLimits.DEFAULT);
        var feed = new PieceFeed(input, step);
        try {
            while (feed.next()) {
                if (parser.parseRequest(feed.buf, feed.start, feed.buf.length) != null) {
                    return 0;
                }
            }
            throw new AssertionError("head never completed: " + new String(input, StandardCharsets.ISO_8859_1));
        } catch (HttpParseException e) {
            return e.status();
        }
    }

    private static RequestHead parse(byte[] head) {
        return new HeadParser(CodecLimits.DEFAULT).parseRequest(head, 0, head.length);
    }

    private static String post(String fields) {
        return "POST /p HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n";
    }

    @Test
    void aListEndingInChunkedWithCodingsWeftDoesNotImplementIs501() {
        for (String codings : new String[]{"gzip, chunked", "deflate, chunked", "compress, chunked",
                "identity, chunked", "x-pigeons, chunked", "chunked;ext=1", "gzip, chunked;q=1", "GZIP ,, Chunked"}) {
            assertThat(status(post("Transfer-Encoding: " + codings + "\r\n"))).as(codings).isEqualTo(501);
        }
        // Repeated fields combine into one list (RFC 9110 section 5.3).
        assertThat(status(post("Transfer-Encoding: deflate\r\nTransfer-Encoding: chunked\r\n"))).isEqualTo(501);
        assertThat(status(post("Transfer-Encoding: gzip\r\ntransfer-encoding: , chunked\r\n"))).isEqualTo(501);
    }

    @Test
    void aListWhoseFinalCodingIsNotChunkedIs400() {
        for (String codings : new String[]{"gzip", "identity", "pigeons", "chunkedchunked", "chunked, gzip",
                "chunked, chunked", "chunked;x=1, gzip", "gzip, chunked, deflate", "g zip, chunked", "", " , "}) {
            assertThat(status(post("Transfer-Encoding: " + codings + "\r\n"))).as(codings).isEqualTo(400);
        }
        assertThat(status(post("Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n"))).isEqualTo(400);
        assertThat(status(post("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"))).isEqualTo(400);
        assertThat(status(post("Transfer-Encoding: gzip\r\nTransfer-Encoding: deflate\r\n"))).isEqualTo(400);
    }

    @Test
    void aBareFinalChunkedIsTheOnlyCodingAccepted() {
        assertThat(status(post("Transfer-Encoding: chunked\r\n"))).isZero();
        assertThat(status(post("Transfer-Encoding: , CHUNKED ,\r\n"))).isZero();
        RequestHead head = parse(post("Transfer-Encoding: Chunked\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(head.chunked()).isTrue();
        assertThat(head.contentLength()).isEqualTo(-1);
    }

    @Test
    void contentLengthBesideAnyTransferCodingIs400AsSoonAsTheSecondFieldArrives() {
        // No empty line yet: the smuggling shape is refused without waiting for the end of the head.
        assertThat(status("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 1\r\n")).isEqualTo(400);
        assertThat(status("POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: identity\r\n")).isEqualTo(400);
        assertThat(status("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n")).isEqualTo(400);
        assertThat(status("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n")).isEqualTo(400);
    }

    @Test
    void contentLengthIsExactlyOneDecimalNumber() {
        assertThat(status(post("Content-Length: 1000\r\n"))).isZero();
        assertThat(parse(post("Content-Length: 0042\r\n").getBytes(StandardCharsets.ISO_8859_1)).contentLength())
                .isEqualTo(42);
        for (String fields : new String[]{"Content-Length: 1000,1000\r\n", "Content-Length: 1000, 1000\r\n",
                "Content-Length: 3, 4\r\n", "Content-Length: 3,\r\n", "Content-Length: 3\r\nContent-Length: 3\r\n",
                "Content-Length: 3\r\ncontent-length: 4\r\n", "Content-Length: +3\r\n", "Content-Length: -1\r\n",
                "Content-Length: 0x10\r\n", "Content-Length: 1 0\r\n", "Content-Length: \r\n"}) {
            assertThat(status(post(fields))).as(fields).isEqualTo(400);
        }
        assertThat(status(post("Content-Length: 99999999999999999999\r\n"))).isEqualTo(413);
    }

    @Test
    void aTargetWithRawUtf8IsReadAsItsPercentEncodedForm() {
        byte[] raw = "GET /café/δ?q=ü#frag HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] encoded = "GET /caf%C3%A9/%CE%B4?q=%C3%BC#frag HTTP/1.1\r\nHost: x\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(parse(raw).target()).isEqualTo("/caf%C3%A9/%CE%B4?q=%C3%BC#frag").isEqualTo(parse(encoded).target());
        assertThat(status(new String(raw, StandardCharsets.ISO_8859_1))).isZero();
        // Absolute-form too; the scheme must still be ASCII letters.
        assertThat(parse("GET http://example.test/ñ HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.UTF_8)).target())
                .isEqualTo("http://example.test/%C3%B1");
        assertThatThrownBy(() -> parse("GET ñ://example.test/ HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("invalid request target");
    }

    @Test
    void controlBytesSpacesAndDeleteInATargetStayRefused() {
        for (String target : new String[]{"/a\u0000b", "/a\u0001b", "/a\tb", "/a\u007fb", "/a\u001bb"}) {
            assertThat(status("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n")).as(target).isEqualTo(400);
        }
        assertThat(status("GET /a b HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(400);
        assertThat(status("GET /caf\u00e9 b HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(400);
    }
}
