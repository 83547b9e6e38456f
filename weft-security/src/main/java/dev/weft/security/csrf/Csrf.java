package dev.weft.security.csrf;

import dev.weft.http.server.Cookie;
import dev.weft.http.server.Forbidden;
import dev.weft.http.server.Middleware;
import dev.weft.http.server.Request;
import dev.weft.http.server.Response;
import dev.weft.security.session.Session;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * Cross-site request forgery protection: a middleware that refuses unsafe requests (every method but
 * {@code GET}, {@code HEAD}, {@code OPTIONS} and {@code TRACE}) that another site could have made a
 * browser send, with a {@code 403} problem naming the reason. An unsafe request passes when both hold:
 * <ol>
 * <li><b>Its origin is ours.</b> An {@code Origin} header must be the request's own origin (its resolved
 *     scheme and {@code Host}) or a trusted one; {@code Origin: null} (sandboxed frames, some redirects)
 *     is refused. Without {@code Origin}, an HTTPS request must carry a {@code Referer} from an allowed
 *     origin (browsers send one of the two; a plain-HTTP request is left to the token alone).</li>
 * <li><b>It carries the token</b>, in the {@code X-CSRF-Token} header (fetch/XHR) or the {@code _csrf}
 *     field of a urlencoded or multipart form, equal (compared in constant time) to the expected one.
 *     With a {@link Session} (the session middleware runs before this one) the expected token derives
 *     from a secret kept in the session and the session's id (synchronizer token: a new id at login
 *     gives new tokens); without one it is a signed double-submit cookie
 *     ({@code weft_csrf}, HMAC-SHA256 with {@link CsrfOptions#key()}).</li>
 * </ol>
 * Pages get the token from {@link #token(Request)}. Reading a form field consumes the body as a form,
 * which the handler can still read with {@code form()} or {@code multipart()} (both are cached), but not
 * with {@code body()}. Stateless.
 *
 * {@snippet :
 * var app = WebApp.create()
 *         .use(Sessions.middleware(store))                 // first: CSRF tokens live in the session
 *         .use(Csrf.middleware())
 *         .get("/profile", req -> Response.html("<form method=post action=/profile>"
 *                 + "<input type=hidden name=_csrf value=" + Csrf.token(req) + ">"
 *                 + "<input name=email><button>Save</button></form>"))
 *         .post("/profile", req -> Response.text("saved " + req.form().get("email")));
 * }
 */
public final class Csrf {
    static final String ATTRIBUTE = Csrf.class.getName();
    static final String SESSION_KEY = "_csrf";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Set<String> FORM_TYPES = Set.of("application/x-www-form-urlencoded", "multipart/form-data");

    /** What {@link #token} needs from the middleware that runs for a request, and the cookie it must set. */
    private static final class Exchange {
        final CsrfOptions options;
        final SecretKey key;
        String newCookie;

        Exchange(CsrfOptions options, SecretKey key) {
            this.options = options;
            this.key = key;
        }
    }

    private Csrf() {
    }

    /** The middleware with {@link CsrfOptions#defaults()}: every request needs a session. */
    public static Middleware middleware() {
        return middleware(CsrfOptions.defaults());
    }

    /** The middleware with {@code options}. */
    public static Middleware middleware(CsrfOptions options) {
        Objects.requireNonNull(options, "options");
        SecretKey key = options.key() == null ? null : Tokens.hmacKey(options.key());
        return (request, next) -> {
            var exchange = new Exchange(options, key);
            request.attribute(ATTRIBUTE, exchange);
            if (!SAFE_METHODS.contains(request.method()) && !exempt(request, options)) {
                checkOrigin(request, options);
                checkToken(request, exchange);
            }
            Response response = next.handle(request);
            if (exchange.newCookie != null) {
                response.cookie(Cookie.of(options.cookieName(), exchange.newCookie).withPath("/").withHttpOnly(true)
                        .withSecure(request.secure()).withSameSite(Cookie.SameSite.LAX));
            }
            return response;
        };
    }

    /**
     * The token to send back with the next unsafe request from this page: put it in a hidden
     * {@code _csrf} form field or a {@code <meta>} tag that scripts copy into the {@code X-CSRF-Token}
     * header. Each call returns different characters (the secret masked with a fresh pad, so that a
     * compressed page does not leak it: BREACH), all valid for the session (or the double-submit
     * cookie); starts either when there is none.
     *
     * @throws IllegalStateException when no CSRF middleware runs for {@code request}, or when it needs a
     *                               session (no key configured) and no session middleware runs before it
     */
    public static String token(Request request) {
        Exchange exchange = request.attribute(ATTRIBUTE).map(Exchange.class::cast).orElseThrow(() ->
                new IllegalStateException("no CSRF middleware for " + request.method() + " " + request.path()
                        + ": add Csrf.middleware() to the app"));
        return Tokens.mask(secret(request, exchange));
    }

    /** The unmasked token of this session or browser, started when there is none. */
    private static String secret(Request request, Exchange exchange) {
        Optional<Session> session = Session.find(request);
        if (session.isPresent()) {
            String secret = session.get().get(SESSION_KEY);
            if (secret == null) {
                secret = Tokens.random();
                session.get().put(SESSION_KEY, secret);
            }
            return Tokens.forSession(secret, session.get().id());
        }
        if (exchange.newCookie == null) {
            String cookie = request.cookie(exchange.options.cookieName());
            if (cookie != null && Tokens.validlySigned(keyFor(exchange, request), cookie)) {
                return cookie;
            }
            exchange.newCookie = Tokens.signed(keyFor(exchange, request));
        }
        return exchange.newCookie;
    }

    private static boolean exempt(Request request, CsrfOptions options) {
        if (options.exempt(request.path())) {
            return true;
        }
        String authorization = request.header("Authorization");
        return options.exemptBearerWithoutCookies() && request.header("Cookie") == null
                && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    private static void checkOrigin(Request request, CsrfOptions options) {
        String origin = request.header("Origin");
        if (origin != null) {
            if (!allowed(Origins.normalize(origin), request, options)) {
                throw new Forbidden("Origin " + origin + " is not allowed");
            }
        } else if (request.secure()) {
            String referer = request.header("Referer");
            if (referer == null) {
                throw new Forbidden("Referer missing: an HTTPS request without Origin must name the page it came from");
            }
            if (!allowed(Origins.normalize(referer), request, options)) {
                throw new Forbidden("Referer from " + Objects.requireNonNullElse(Origins.normalize(referer), "an unknown origin")
                        + " is not allowed");
            }
        }
    }

    private static boolean allowed(String origin, Request request, CsrfOptions options) {
        return origin != null && (origin.equals(Origins.of(request)) || options.trustedOrigins().contains(origin));
    }

    private static void checkToken(Request request, Exchange exchange) {
        String sent = sentToken(request, exchange.options);
        if (sent == null) {
            throw new Forbidden("CSRF token missing: send it in the " + exchange.options.headerName()
                    + " header or the " + exchange.options.fieldName() + " form field");
        }
        Optional<Session> session = Session.find(request);
        String expected;
        if (session.isPresent()) {
            String secret = session.get().get(SESSION_KEY);
            expected = secret == null ? null : Tokens.forSession(secret, session.get().id());
        } else {
            expected = request.cookie(exchange.options.cookieName());
            if (expected != null && !Tokens.validlySigned(keyFor(exchange, request), expected)) {
                expected = null;
            }
        }
        if (!Tokens.same(Tokens.unmask(sent), expected)) {
            throw new Forbidden("CSRF token does not match");
        }
    }

    private static String sentToken(Request request, CsrfOptions options) {
        String header = request.header(options.headerName());
        if (header != null) {
            return header;
        }
        String type = request.contentType();
        if (type != null && FORM_TYPES.contains(type)) {   // Set.of refuses to look up null
            List<String> field = request.form().get(options.fieldName());
            return field == null || field.isEmpty() ? null : field.getFirst();
        }
        return null;
    }

    private static SecretKey keyFor(Exchange exchange, Request request) {
        if (exchange.key == null) {
            throw new IllegalStateException("no session for " + request.method() + " " + request.path()
                    + " and no CSRF key: add Sessions.middleware(...) before Csrf.middleware(), or give"
                    + " CsrfOptions.withKey(...) for signed double-submit cookies");
        }
        return exchange.key;
    }
}
