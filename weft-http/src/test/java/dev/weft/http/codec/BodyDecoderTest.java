package dev.weft.http.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The body decoder fed byte arrays: chunked framing, extensions, trailers, limits. */
class BodyDecoderTest {
    private static final CodecLimits LIMITS = new CodecLimits(64, 256, 4, 32);

    /** Decodes {@code wire} fed in pieces of {@code step} bytes; returns the body. */
    private static String decode(BodyDecoder decoder, String wire, int step) {
        var feed = new PieceFeed(wire.getBytes(StandardCharsets.ISO_8859_1), step);
        var body = new ByteArrayOutputStream();
        while (!decoder.done()) {
            int used = decoder.decode(feed.buf, feed.start, feed.buf.length);
            body.write(feed.buf, decoder.dataOffset(), decoder.dataLength());
            feed.start += used;
            if (used == 0 && !decoder.done() && !feed.next()) {
                throw new IllegalStateException("incomplete");
            }
        }
        return body.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void decodesChunksWithExtensionsAndTrailersAtAnySplit() {
        String wire = "4;name=value;q=\"a \\\"b\\\"\"\r\nWiki\r\nB \t;x\r\npedia in \r\n\r\n0\r\nChecksum: 1\r\nX: 2\r\n\r\n";
        for (int step : new int[]{1, 3, 1000}) {
            var decoder = BodyDecoder.chunked(LIMITS);
            assertThat(decode(decoder, wire, step)).isEqualTo("Wikipedia in \r\n");
            assertThat(decoder.trailers().all("checksum")).containsExactly("1");
            assertThat(decoder.trailers().size()).isEqualTo(2);
        }
    }

    @Test
    void decodesFixedLengthWithoutCopying() {
        var decoder = BodyDecoder.fixed(5);
        byte[] buf = "helloGET".getBytes(StandardCharsets.US_ASCII);
        assertThat(decoder.decode(buf, 0, buf.length)).isEqualTo(5);
        assertThat(decoder.dataOffset()).isZero();
        assertThat(decoder.dataLength()).isEqualTo(5);
        assertThat(decoder.done()).isTrue();
    }

    @Test
    void refusesBadChunkFraming() {
        String[] bad = {"x\r\n", "-1\r\n", "1\r\nab\r\n", "1\nA\r\n", "1;\r\n", "1;a=\"open\r\n", "1;=v\r\n",
                "1 2\r\n", "fffffffffffffffff\r\n", "1;" + "e".repeat(40) + "\r\n", "0\r\nBad Name: v\r\n\r\n",
                "0\r\n folded: v\r\n\r\n"};
        for (String wire : bad) {
            assertThatThrownBy(() -> decode(BodyDecoder.chunked(LIMITS), wire, 1000)).as(wire)
                    .isInstanceOf(HttpParseException.class);
        }
    }

    @Test
    void boundsTrailerSection() {
        String many = "0\r\n" + "T: v\r\n".repeat(5) + "\r\n";
        assertThatThrownBy(() -> decode(BodyDecoder.chunked(LIMITS), many, 1000))
                .isInstanceOfSatisfying(HttpParseException.class, e -> assertThat(e.status()).isEqualTo(431));
    }

    @Test
    void framesResponsesByStatusMethodAndLength() {
        var ok = new ResponseHead(1, 200, "OK", FieldBlock.EMPTY, -1, false, true);
        assertThat(BodyDecoder.forResponse(ok, "HEAD", LIMITS).done()).isTrue();
        assertThat(BodyDecoder.forResponse(new ResponseHead(1, 304, "", FieldBlock.EMPTY, 10, false, true), "GET", LIMITS)
                .done()).isTrue();
        var untilClose = BodyDecoder.forResponse(ok, "GET", LIMITS);
        assertThat(untilClose.closeDelimited()).isTrue();
        assertThat(decodeUntilClose(untilClose, "all of it")).isEqualTo("all of it");
        var fixed = BodyDecoder.fixed(10);
        assertThatThrownBy(fixed::finish).hasMessageContaining("truncated");
    }

    private static String decodeUntilClose(BodyDecoder decoder, String wire) {
        byte[] b = wire.getBytes(StandardCharsets.ISO_8859_1);
        int used = decoder.decode(b, 0, b.length);
        assertThat(decoder.done()).isFalse();
        decoder.finish();
        assertThat(decoder.done()).isTrue();
        return new String(b, decoder.dataOffset(), used, StandardCharsets.ISO_8859_1);
    }
}
