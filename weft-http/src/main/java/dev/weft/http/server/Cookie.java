package dev.weft.http.server;

import dev.weft.http.codec.FieldSyntax;
import java.time.Duration;
import java.util.Objects;

/**
 * A cookie to set on the client with {@code Set-Cookie} (RFC 6265). Immutable; build one with
 * {@link #of} and the {@code with*} methods.
 *
 * {@snippet :
 * res.cookie(Cookie.of("session", token).withHttpOnly(true).withSecure(true)
 *         .withSameSite(Cookie.SameSite.LAX).withMaxAge(Duration.ofHours(8)));
 * }
 *
 * @param name     the cookie name, a token
 * @param value    the value: cookie-octets only (no space, quote, comma, semicolon or backslash)
 * @param path     the {@code Path} attribute, or null
 * @param domain   the {@code Domain} attribute, or null (host-only)
 * @param maxAge   the {@code Max-Age}, or null for a session cookie; zero deletes the cookie
 * @param secure   whether only HTTPS carries it
 * @param httpOnly whether scripts cannot read it
 * @param sameSite the {@code SameSite} attribute, or null
 */
public record Cookie(String name, String value, String path, String domain, Duration maxAge,
                     boolean secure, boolean httpOnly, SameSite sameSite) {
    /** The {@code SameSite} values. */
    public enum SameSite {
        /** Sent on every request; needs {@code Secure}. */
        NONE("None"),
        /** Sent on top-level navigations and same-site requests. */
        LAX("Lax"),
        /** Sent on same-site requests only. */
        STRICT("Strict");

        private final String text;

        SameSite(String text) {
            this.text = text;
        }

        /** The attribute value as sent. */
        public String text() {
            return text;
        }
    }

    /** Validates the components; a bad one throws {@link IllegalArgumentException} naming its value. */
    public Cookie {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!FieldSyntax.isToken(name)) {
            throw new IllegalArgumentException("invalid cookie name: " + name);
        }
        if (!value.chars().allMatch(c -> c == 0x21 || c >= 0x23 && c <= 0x2B || c >= 0x2D && c <= 0x3A
                || c >= 0x3C && c <= 0x5B || c >= 0x5D && c <= 0x7E)) {
            throw new IllegalArgumentException("invalid cookie value for " + name + ": " + value);
        }
        for (String attribute : new String[]{path, domain}) {
            if (attribute != null && attribute.chars().anyMatch(c -> c < 0x20 || c == ';' || c == 0x7F)) {
                throw new IllegalArgumentException("invalid cookie attribute: " + attribute);
            }
        }
        if (maxAge != null && maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge < 0: " + maxAge);
        }
        if (sameSite == SameSite.NONE && !secure) {
            throw new IllegalArgumentException("SameSite=None needs Secure (cookie " + name + ")");
        }
    }

    /** A session cookie with no attributes. */
    public static Cookie of(String name, String value) {
        return new Cookie(name, value, null, null, null, false, false, null);
    }

    /** A cookie that deletes {@code name} on the client (empty value, {@code Max-Age=0}). */
    public static Cookie expired(String name) {
        return new Cookie(name, "", "/", null, Duration.ZERO, false, false, null);
    }

    /** This cookie with {@code Path}. */
    public Cookie withPath(String newPath) {
        return new Cookie(name, value, newPath, domain, maxAge, secure, httpOnly, sameSite);
    }

    /** This cookie with {@code Domain}. */
    public Cookie withDomain(String newDomain) {
        return new Cookie(name, value, path, newDomain, maxAge, secure, httpOnly, sameSite);
    }

    /** This cookie with {@code Max-Age}. */
    public Cookie withMaxAge(Duration newMaxAge) {
        return new Cookie(name, value, path, domain, newMaxAge, secure, httpOnly, sameSite);
    }

    /** This cookie with {@code Secure} on or off. */
    public Cookie withSecure(boolean on) {
        return new Cookie(name, value, path, domain, maxAge, on, httpOnly, sameSite);
    }

    /** This cookie with {@code HttpOnly} on or off. */
    public Cookie withHttpOnly(boolean on) {
        return new Cookie(name, value, path, domain, maxAge, secure, on, sameSite);
    }

    /** This cookie with {@code SameSite}; {@link SameSite#NONE} also needs {@link #withSecure}. */
    public Cookie withSameSite(SameSite newSameSite) {
        return new Cookie(name, value, path, domain, maxAge, newSameSite == SameSite.NONE || secure, httpOnly,
                newSameSite);
    }

    /** The {@code Set-Cookie} header value. */
    public String toSetCookie() {
        var sb = new StringBuilder(name).append('=').append(value);
        if (path != null) {
            sb.append("; Path=").append(path);
        }
        if (domain != null) {
            sb.append("; Domain=").append(domain);
        }
        if (maxAge != null) {
            sb.append("; Max-Age=").append(maxAge.toSeconds());
        }
        if (secure) {
            sb.append("; Secure");
        }
        if (httpOnly) {
            sb.append("; HttpOnly");
        }
        if (sameSite != null) {
            sb.append("; SameSite=").append(sameSite.text());
        }
        return sb.toString();
    }
}
