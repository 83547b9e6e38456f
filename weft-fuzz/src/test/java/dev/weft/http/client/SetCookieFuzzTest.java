package dev.weft.http.client;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.util.List;

/**
 * {@code Set-Cookie} values from a server the client does not trust (RFC 6265 §5.2: attributes, dates in
 * any of the forms browsers accept, domains and paths), stored in a jar and read back for the same and
 * for another host: never an exception, and never a cookie sent to a host its Domain does not cover.
 */
class SetCookieFuzzTest {
    private static final URI ORIGIN = URI.create("https://shop.example.com/cart/view");
    private static final URI OTHER = URI.create("https://attacker.test/");

    @FuzzTest
    void setCookie(FuzzedDataProvider fuzz) {
        var jar = new RealCookieJar();
        jar.store(ORIGIN, List.of(fuzz.consumeString(300), fuzz.consumeRemainingAsString()));
        jar.cookiesFor(ORIGIN);
        if (!jar.cookiesFor(OTHER).isEmpty()) {
            throw new AssertionError("a cookie set by " + ORIGIN.getHost() + " would be sent to " + OTHER.getHost()
                    + ": " + jar.cookies());
        }
    }
}
