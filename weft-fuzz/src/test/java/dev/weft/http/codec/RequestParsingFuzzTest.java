package dev.weft.http.codec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A request as the server reads it: the head (request line, fields, target checks), the framing rules
 * that pick the body's length (RFC 9112 §6), then the body, Content-Length or chunked with trailers.
 * Any input ends in a parsed request, a request still waiting for bytes, or {@link HttpParseException}.
 */
class RequestParsingFuzzTest {
    private static final CodecLimits LIMITS = new CodecLimits(512, 2048, 32, 64);

    @FuzzTest
    void request(FuzzedDataProvider fuzz) {
        byte[] input = fuzz.consumeRemainingAsBytes();
        var parser = new HeadParser(LIMITS);
        try {
            RequestHead head = parser.parseRequest(input, 0, input.length);
            if (head == null) {
                return;
            }
            BodyDecoder body = BodyDecoder.forRequest(head, LIMITS);
            int start = parser.consumed();
            while (!body.done()) {
                int used = body.decode(input, start, input.length);
                if (used == 0) {
                    return;
                }
                start += used;
            }
        } catch (HttpParseException refused) {
            if (refused.status() != 400 && refused.status() != 431 && refused.status() != 501
                    && refused.status() != 414 && refused.status() != 505) {
                throw new AssertionError("unexpected status " + refused.status(), refused);
            }
        }
    }
}
