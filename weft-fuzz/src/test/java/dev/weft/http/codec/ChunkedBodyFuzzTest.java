package dev.weft.http.codec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.weft.fuzz.Slices;

/**
 * A chunked body (RFC 9112 §7.1) arriving in reads of the fuzzer's choosing, so a size line, an
 * extension or the trailer section can be cut anywhere: it ends in the body, a wait for more bytes,
 * or {@link HttpParseException}.
 */
class ChunkedBodyFuzzTest {
    private static final CodecLimits LIMITS = new CodecLimits(512, 2048, 32, 64);

    @FuzzTest
    void chunkedBody(FuzzedDataProvider fuzz) {
        byte[] input = fuzz.consumeBytes(4096);
        BodyDecoder body = BodyDecoder.chunked(LIMITS);
        try {
            Slices.feed(fuzz, input, body::decode, body::done);
        } catch (HttpParseException refused) {
            // malformed framing, reported as such
        }
    }
}
