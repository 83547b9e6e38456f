package dev.weft.http.codec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.weft.fuzz.Slices;
import java.util.Arrays;

/**
 * A response as the client reads it from a server it does not trust: the status line and fields, the
 * body length rules of RFC 9112 §6.3 for the request's method, then the body in reads of the fuzzer's
 * choosing. Any input ends in a response, a wait for more bytes, or {@link HttpParseException}, which
 * the client reports as {@code InvalidResponse} whatever its status (field-line errors carry the
 * request parser's 400, which a client never shows).
 */
class ResponseParsingFuzzTest {
    private static final CodecLimits LIMITS = new CodecLimits(512, 2048, 32, 64);

    @FuzzTest
    void response(FuzzedDataProvider fuzz) {
        String method = fuzz.pickValue(new String[] {"GET", "HEAD", "POST", "CONNECT"});
        byte[] input = fuzz.consumeBytes(4096);
        var parser = new ResponseHeadParser(LIMITS);
        try {
            ResponseHead head = parser.parse(input, 0, input.length);
            if (head == null) {
                return;
            }
            BodyDecoder body = BodyDecoder.forResponse(head, method, LIMITS);
            byte[] rest = Arrays.copyOfRange(input, parser.consumed(), input.length);
            Slices.feed(fuzz, rest, body::decode, body::done);
        } catch (HttpParseException malformed) {
            // reported to the caller as InvalidResponse
        }
    }
}
