package dev.weft.http.server;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;

/**
 * A multipart/form-data body as {@code request.multipart()} reads it, with any boundary: it ends in
 * parts or a 4xx {@link HttpException} (400 malformed, 413 too many or too large), never another
 * exception; spooled files are removed with the request.
 */
class MultipartFuzzTest {
    private static final ServerConfig CONFIG = ServerConfig.builder().build();

    @FuzzTest
    void multipart(FuzzedDataProvider fuzz) {
        String boundary = fuzz.consumeAsciiString(70);
        byte[] body = fuzz.consumeRemainingAsBytes();
        try (var spool = new Multipart.Spool()) {
            Multipart.read(new ByteArrayInputStream(body), boundary.isEmpty() ? "b" : boundary, CONFIG, spool);
        } catch (HttpException refused) {
            ClientErrors.check(refused);
        }
    }
}
