package dev.weft.http.server;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding of paths and query strings as handlers read them: any text ends in values or
 * {@link BadRequest}, never another exception.
 */
class UrlDecodingFuzzTest {
    @FuzzTest
    void urlAndQuery(FuzzedDataProvider fuzz) {
        String text = fuzz.consumeRemainingAsString();
        try {
            UrlCodec.decode(text, false);
            UrlCodec.parseQuery(text, StandardCharsets.UTF_8);
            UrlCodec.encodeSegment(text);
        } catch (HttpException refused) {
            ClientErrors.check(refused);
        }
    }
}
