package dev.weft.security.csrf;

import dev.weft.http.server.Cookie;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The settings of the {@linkplain Csrf#middleware CSRF middleware}. Immutable; start from
 * {@link #defaults()} and change what differs with the {@code with*} methods.
 *
 * {@snippet :
 * CsrfOptions options = CsrfOptions.defaults()
 *         .withTrustedOrigin("https://app.example.com")   // a front end on another origin
 *         .withExemptPath("/hooks/*");                      // webhooks sign their own requests
 * }
 *
 * @param headerName            the header that carries the token (default {@code X-CSRF-Token})
 * @param fieldName             the form field that carries the token (default {@code _csrf})
 * @param cookieName            the double-submit cookie's name, used when no session runs (default {@code weft_csrf})
 * @param key                   the HMAC-SHA256 key that signs double-submit cookies, 256 bits in base64,
 *                              or null (the default): then every request must have a session
 * @param trustedOrigins        origins besides the request's own that may send unsafe requests
 *                              ({@code scheme://host[:port]}, lower-case; default none)
 * @param exemptPaths           paths never checked: exact, or a prefix ending in {@code /*} (default none)
 * @param exemptBearerWithoutCookies whether a request that carries {@code Authorization: Bearer} and no
 *                              {@code Cookie} header at all is exempt (default false; see the package docs)
 */
public record CsrfOptions(String headerName, String fieldName, String cookieName, String key,
                          List<String> trustedOrigins, List<String> exemptPaths, boolean exemptBearerWithoutCookies) {
    /** Validates the settings; a bad one throws {@link IllegalArgumentException} naming its value. */
    public CsrfOptions {
        Objects.requireNonNull(headerName, "headerName");
        Objects.requireNonNull(fieldName, "fieldName");
        Cookie.of(Objects.requireNonNull(cookieName, "cookieName"), ""); // the cookie's own check of the name
        if (key != null) {
            Tokens.hmacKey(key);
        }
        trustedOrigins = List.copyOf(trustedOrigins);
        for (String origin : trustedOrigins) {
            if (!origin.equals(Origins.normalize(origin))) {
                throw new IllegalArgumentException("trusted origin must be scheme://host[:port], lower-case, no path"
                        + " or default port: " + origin);
            }
        }
        exemptPaths = List.copyOf(exemptPaths);
        for (String path : exemptPaths) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("exempt path must start with /: " + path);
            }
        }
    }

    /** The defaults listed on the components. */
    public static CsrfOptions defaults() {
        return new CsrfOptions("X-CSRF-Token", "_csrf", "weft_csrf", null, List.of(), List.of(), false);
    }

    /** A new random 256-bit key, base64: for {@link #withKey}. */
    public static String generateKey() {
        return Base64.getEncoder().encodeToString(Tokens.randomBytes());
    }

    /** These options with the token read from header {@code name}. */
    public CsrfOptions withHeaderName(String name) {
        return new CsrfOptions(name, fieldName, cookieName, key, trustedOrigins, exemptPaths, exemptBearerWithoutCookies);
    }

    /** These options with the token read from form field {@code name}. */
    public CsrfOptions withFieldName(String name) {
        return new CsrfOptions(headerName, name, cookieName, key, trustedOrigins, exemptPaths, exemptBearerWithoutCookies);
    }

    /** These options with the double-submit cookie named {@code name}. */
    public CsrfOptions withCookieName(String name) {
        return new CsrfOptions(headerName, fieldName, name, key, trustedOrigins, exemptPaths, exemptBearerWithoutCookies);
    }

    /** These options signing double-submit cookies with {@code base64Key} (256 bits), for requests with no session. */
    public CsrfOptions withKey(String base64Key) {
        return new CsrfOptions(headerName, fieldName, cookieName, base64Key, trustedOrigins, exemptPaths,
                exemptBearerWithoutCookies);
    }

    /** These options also trusting {@code origin} ({@code https://app.example.com}). */
    public CsrfOptions withTrustedOrigin(String origin) {
        var origins = new ArrayList<>(trustedOrigins);
        origins.add(origin.toLowerCase(Locale.ROOT));
        return new CsrfOptions(headerName, fieldName, cookieName, key, origins, exemptPaths, exemptBearerWithoutCookies);
    }

    /** These options never checking {@code path} (exact, or a prefix ending in {@code /*}). */
    public CsrfOptions withExemptPath(String path) {
        var paths = new ArrayList<>(exemptPaths);
        paths.add(path);
        return new CsrfOptions(headerName, fieldName, cookieName, key, trustedOrigins, paths, exemptBearerWithoutCookies);
    }

    /** These options exempting (or not) requests with a bearer token and no cookies. */
    public CsrfOptions withExemptBearerWithoutCookies(boolean on) {
        return new CsrfOptions(headerName, fieldName, cookieName, key, trustedOrigins, exemptPaths, on);
    }

    boolean exempt(String path) {
        for (String exempt : exemptPaths) {
            if (exempt.endsWith("/*") ? path.startsWith(exempt.substring(0, exempt.length() - 1)) : path.equals(exempt)) {
                return true;
            }
        }
        return false;
    }
}
