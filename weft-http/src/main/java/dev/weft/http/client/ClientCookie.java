package dev.weft.http.client;

import java.time.Instant;
import java.util.Objects;

/**
 * A cookie held by a {@link CookieJar}, as stored by the rules of RFC 6265 section 5.3. Immutable.
 *
 * @param name     the cookie name
 * @param value    the cookie value, as sent
 * @param domain   the domain it is sent to, lower-case, without a leading dot
 * @param hostOnly whether it is sent to exactly {@code domain} only (no {@code Domain} attribute was given)
 * @param path     the path prefix it is sent to
 * @param expires  when it expires, or null for a session cookie (kept until the jar is dropped)
 * @param secure   whether it is sent over TLS only
 * @param httpOnly whether the server marked it {@code HttpOnly} (no meaning to this client, kept for inspection)
 */
public record ClientCookie(String name, String value, String domain, boolean hostOnly, String path, Instant expires,
                           boolean secure, boolean httpOnly) {
    /** Validates the required parts. */
    public ClientCookie {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(path, "path");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty cookie name");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("cookie path does not start with '/': " + path);
        }
    }

    /** Whether the cookie has expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expires != null && !expires.isAfter(now);
    }
}
