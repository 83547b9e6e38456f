package dev.weft.http.client;

import java.net.URI;
import java.util.List;

/**
 * Where an {@link HttpClient} keeps cookies between requests (aiohttp's {@code CookieJar}): it stores
 * what {@code Set-Cookie} headers say and tells which cookies go with the next request. Replaceable:
 * pass your own to {@link HttpClient.Builder#cookieJar}. Implementations must be thread-safe, as the
 * client is shared.
 *
 * <p>{@link #inMemory()} follows RFC 6265: domain and host-only cookies, path matching, {@code Secure}
 * sent over https/wss only, {@code Expires} and {@code Max-Age} (which wins), replacement by
 * name/domain/path. It does not consult the public suffix list: a server may set a cookie for a parent
 * domain such as {@code co.uk}, which browsers would refuse.
 *
 * {@snippet :
 * var jar = CookieJar.inMemory();
 * try (var client = HttpClient.builder().cookieJar(jar).build()) {
 *     client.post("https://example.com/login", RequestBody.form(Map.of("user", "ada"))).close();
 *     client.get("https://example.com/profile").text();      // sends the session cookie
 * }
 * }
 */
public interface CookieJar {
    /** A new empty jar keeping cookies in memory. */
    static CookieJar inMemory() {
        return new RealCookieJar();
    }

    /** A jar that keeps nothing: cookies are neither stored nor sent. */
    static CookieJar none() {
        return NoCookies.INSTANCE;
    }

    /** Stores the cookies of the {@code Set-Cookie} values a response from {@code url} carried. */
    void store(URI url, List<String> setCookieValues);

    /** The cookies to send to {@code url}, in the order they belong in the {@code Cookie} header. */
    List<ClientCookie> cookiesFor(URI url);

    /** Every cookie held and not expired. */
    List<ClientCookie> cookies();

    /** Forgets every cookie. */
    void clear();

    /** The jar that keeps nothing. */
    enum NoCookies implements CookieJar {
        /** The only instance. */
        INSTANCE;

        @Override
        public void store(URI url, List<String> setCookieValues) {
        }

        @Override
        public List<ClientCookie> cookiesFor(URI url) {
            return List.of();
        }

        @Override
        public List<ClientCookie> cookies() {
            return List.of();
        }

        @Override
        public void clear() {
        }
    }
}
