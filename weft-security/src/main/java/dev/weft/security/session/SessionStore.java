package dev.weft.security.session;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the {@linkplain Sessions#middleware session middleware} keeps sessions between requests, and
 * what the session cookie holds: {@link CookieSessionStore} puts the whole session, encrypted, in the
 * cookie; {@link PgSessionStore} keeps it in PostgreSQL and puts only its id in the cookie.
 * Implementations must be thread-safe: the middleware calls them from every request's thread.
 *
 * {@snippet :
 * SessionStore store = CookieSessionStore.builder().key("k1", System.getenv("SESSION_KEY")).build();
 * app.use(Sessions.middleware(store));
 * }
 */
public interface SessionStore {
    /**
     * The session that the cookie {@code cookieName=cookieValue} names, alive at {@code now}; empty when
     * it is unknown, expired, deleted or tampered with (never an exception for a bad cookie).
     */
    Optional<SessionState> load(String cookieName, String cookieValue, Instant now);

    /**
     * Saves {@code state} and returns the value for the session cookie; empty when {@code state} is not
     * {@code created} and the session is gone from the store meanwhile (another request logged out), so
     * it must not come back.
     *
     * @param created whether the session is new (never saved under its id), rather than loaded
     */
    Optional<String> save(String cookieName, SessionState state, boolean created);

    /** Forgets the session (logout, or its old id after {@link Session#regenerateId()}); a no-op for stores without server state. */
    void delete(SessionState state);

    /**
     * Whether a cookie value that loads fine should be written again although the session did not
     * change: the cookie store answers true for a value sealed with a key that is no longer the first.
     */
    default boolean needsReissue(String cookieValue) {
        return false;
    }
}
