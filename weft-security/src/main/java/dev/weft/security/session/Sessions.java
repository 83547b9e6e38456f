package dev.weft.security.session;

import dev.weft.http.server.Middleware;
import dev.weft.http.server.Response;
import java.util.Objects;

/**
 * The session middleware (aiohttp-session's {@code setup}): it gives every request a {@link Session},
 * loaded from the store only when the handler first uses it, and after the handler saves it when it
 * changed and sets the cookie: {@code HttpOnly}, {@code Secure} when the request came over HTTPS
 * ({@link dev.weft.http.server.Request#secure()}, which honours trusted proxies), {@code SameSite=Lax},
 * {@code Path=/} by default. A request whose handler throws past this middleware leaves the stored
 * session as it was (a middleware added after this one that turns exceptions into responses makes them
 * ordinary responses, which do save it). Stateless.
 *
 * {@snippet :
 * SessionStore store = CookieSessionStore.builder()
 *         .key("2026-12", System.getenv("SESSION_KEY"))     // 256-bit key, base64
 *         .build();
 * var app = WebApp.create()
 *         .use(Sessions.middleware(store))
 *         .get("/visits", req -> {
 *             Session session = Session.of(req);
 *             int visits = Integer.parseInt(Objects.requireNonNullElse(session.get("visits"), "0")) + 1;
 *             session.put("visits", Integer.toString(visits));
 *             return Response.text("visit " + visits);
 *         });
 * }
 */
public final class Sessions {
    private Sessions() {
    }

    /** The middleware for {@code store} with {@link SessionOptions#defaults()}. */
    public static Middleware middleware(SessionStore store) {
        return middleware(store, SessionOptions.defaults());
    }

    /** The middleware for {@code store} with {@code options}. */
    public static Middleware middleware(SessionStore store, SessionOptions options) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(options, "options");
        return (request, next) -> {
            var session = new Session(store, options, request.cookie(options.cookieName()));
            request.attribute(Session.ATTRIBUTE, session);
            Response response = next.handle(request);
            session.commit(response, request.secure());
            return response;
        };
    }
}
