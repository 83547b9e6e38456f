package dev.weft.http.server;

import java.time.Duration;

/**
 * The headers the {@link Middlewares#securityHeaders security middleware} adds to every response.
 * Immutable. The defaults are safe for any site; HSTS and CSP are opt-in because a wrong value
 * breaks a site (HSTS pins HTTPS for its whole max-age).
 *
 * {@snippet :
 * app.use(Middlewares.securityHeaders(SecurityHeaders.defaults()
 *         .withHsts(Duration.ofDays(365)).withContentSecurityPolicy("default-src 'self'")));
 * }
 *
 * @param frameOptions          {@code X-Frame-Options} ({@code DENY}, {@code SAMEORIGIN}) or null
 * @param referrerPolicy        {@code Referrer-Policy} or null
 * @param hstsMaxAge            {@code Strict-Transport-Security} max-age, or null; sent only when
 *                             {@link Request#secure()}: the client spoke https to this server or to a
 *                             trusted proxy (RFC 6797 section 7.2: never over plain http)
 * @param contentSecurityPolicy {@code Content-Security-Policy} or null
 */
public record SecurityHeaders(String frameOptions, String referrerPolicy, Duration hstsMaxAge,
                              String contentSecurityPolicy) {
    /** Validates the components; a bad one throws {@link IllegalArgumentException} naming its value. */
    public SecurityHeaders {
        for (String value : new String[]{frameOptions, referrerPolicy, contentSecurityPolicy}) {
            if (value != null && value.chars().anyMatch(c -> c < 0x20 || c > 0x7E)) {
                throw new IllegalArgumentException("invalid header value: " + value);
            }
        }
        if (hstsMaxAge != null && hstsMaxAge.isNegative()) {
            throw new IllegalArgumentException("hstsMaxAge < 0: " + hstsMaxAge);
        }
    }

    /** {@code nosniff}, {@code X-Frame-Options: DENY}, {@code Referrer-Policy: strict-origin-when-cross-origin}. */
    public static SecurityHeaders defaults() {
        return new SecurityHeaders("DENY", "strict-origin-when-cross-origin", null, null);
    }

    /** These headers with HSTS for {@code maxAge} (including subdomains). */
    public SecurityHeaders withHsts(Duration maxAge) {
        return new SecurityHeaders(frameOptions, referrerPolicy, maxAge, contentSecurityPolicy);
    }

    /** These headers with a Content-Security-Policy. */
    public SecurityHeaders withContentSecurityPolicy(String policy) {
        return new SecurityHeaders(frameOptions, referrerPolicy, hstsMaxAge, policy);
    }

    /** These headers with another {@code X-Frame-Options} (null: none). */
    public SecurityHeaders withFrameOptions(String value) {
        return new SecurityHeaders(value, referrerPolicy, hstsMaxAge, contentSecurityPolicy);
    }
}
