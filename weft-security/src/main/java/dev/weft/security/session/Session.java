package dev.weft.security.session;

import dev.weft.http.server.Cookie;
import dev.weft.http.server.Request;
import dev.weft.http.server.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The session of one request (aiohttp-session's {@code get_session}): string values kept between a
 * client's requests, loaded from the {@link SessionStore} on first use and saved after the handler when
 * they changed. A request with no session cookie has an empty, new session that is only stored (and
 * the cookie only set) once something is put in it. Not thread-safe, like the {@link Request}: use it
 * from the handler's thread.
 *
 * {@snippet :
 * app.post("/login", req -> {
 *     User user = users.check(req.form());
 *     Session session = Session.of(req);
 *     session.regenerateId();                   // a new id at login: the pre-login id dies
 *     session.put("user", Long.toString(user.id()));
 *     return Response.redirect(303, "/");
 * });
 * app.post("/logout", req -> {
 *     Session.of(req).invalidate();             // deleted in the store, cookie expired
 *     return Response.redirect(303, "/");
 * });
 * }
 */
public final class Session {
    static final String ATTRIBUTE = Session.class.getName();
    private static final System.Logger LOG = System.getLogger("dev.weft.security.session");

    private final SessionStore store;
    private final SessionOptions options;
    private final String cookieValue;
    private final Instant now;
    private boolean loaded;
    /** The session as loaded from the store, or null when there was none (or it is no longer this one). */
    private SessionState stored;
    private String id;
    private Map<String, String> values;
    private Instant createdAt;
    private Instant lastAccessedAt;
    private boolean changed;
    private boolean cookieToExpire;
    /** Stored sessions to delete when the response goes out: the one invalidated, or the id regenerated away. */
    private SessionState toDelete;

    Session(SessionStore store, SessionOptions options, String cookieValue) {
        this.store = store;
        this.options = options;
        this.cookieValue = cookieValue;
        this.now = options.clock().instant();
    }

    /**
     * The session of {@code request}.
     *
     * @throws IllegalStateException when no {@linkplain Sessions#middleware session middleware} runs for it
     */
    public static Session of(Request request) {
        return find(request).orElseThrow(() -> new IllegalStateException(
                "no session for " + request.method() + " " + request.path()
                        + ": add Sessions.middleware(store) to the app before the handlers that use sessions"));
    }

    /** The session of {@code request}, or empty when no session middleware runs for it. */
    public static Optional<Session> find(Request request) {
        return request.attribute(ATTRIBUTE).map(Session.class::cast);
    }

    /** The value under {@code key}, or null. */
    public String get(String key) {
        return load().get(key);
    }

    /** Stores {@code value} under {@code key}; the session is saved after the handler. */
    public void put(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (!value.equals(load().put(key, value))) {
            changed = true;
        }
    }

    /** Removes the value under {@code key} and returns it, or null when there was none. */
    public String remove(String key) {
        String old = load().remove(key);
        changed |= old != null;
        return old;
    }

    /** A copy of every value. */
    public Map<String, String> values() {
        return Map.copyOf(load());
    }

    /** Whether the session holds no value. */
    public boolean isEmpty() {
        return load().isEmpty();
    }

    /**
     * The session's id: stable while it lives, replaced by {@link #regenerateId()} and
     * {@link #invalidate()}. Asking for it starts the session if there was none, so the id a caller binds
     * something to (a CSRF token, say) is the one the client will send back.
     */
    public String id() {
        load();
        changed |= stored == null;
        return id;
    }

    /** Whether the session was not loaded from the store for this request (none was sent, or it had died). */
    public boolean isNew() {
        load();
        return stored == null;
    }

    /** When the session began, or its id was last regenerated. */
    public Instant createdAt() {
        load();
        return createdAt;
    }

    /** When a request last used the session before this one (this request's time for a new session). */
    public Instant lastAccessedAt() {
        load();
        return lastAccessedAt;
    }

    /**
     * Ends the session (logout): its values are dropped, the store deletes it (so its cookie no longer
     * works, even replayed) and the client's cookie is expired. Values put afterwards start a new session
     * with a new id.
     */
    public void invalidate() {
        load();
        if (stored != null) {
            toDelete = stored;
        }
        stored = null;
        cookieToExpire = true;
        startNew();
    }

    /**
     * Gives the session a new id and keeps its values: call it when the user logs in (or their privileges
     * change), so that an id an attacker planted or saw before (session fixation) is dead afterwards. The
     * old id is deleted from the store; the absolute lifetime starts again.
     */
    public void regenerateId() {
        load();
        if (stored != null) {
            toDelete = stored;
        }
        stored = null;
        id = SessionIds.random();
        createdAt = now;
        changed = true;
    }

    private Map<String, String> load() {
        if (!loaded) {
            loaded = true;
            if (cookieValue != null) {
                stored = store.load(options.cookieName(), cookieValue, now)
                        .filter(s -> !s.expiredAt(now) && now.isBefore(options.expiry(s.createdAt(), s.lastAccessedAt())))
                        .orElse(null);
            }
            if (stored == null) {
                cookieToExpire = cookieValue != null;
                startNew();
            } else {
                id = stored.id();
                values = new LinkedHashMap<>(stored.values());
                createdAt = stored.createdAt();
                lastAccessedAt = stored.lastAccessedAt();
            }
        }
        return values;
    }

    private void startNew() {
        id = SessionIds.random();
        values = new LinkedHashMap<>();
        createdAt = now;
        lastAccessedAt = now;
        changed = false;
    }

    /**
     * Saves what this request did to the session and sets (or expires) the cookie on {@code response}. A
     * session the handler never looked at costs nothing (no store call, no cookie), so a request that
     * does not use the session neither restarts its idle timer nor re-issues its cookie.
     */
    void commit(Response response, boolean secure) {
        if (!loaded) {
            return;
        }
        if (toDelete != null) {
            store.delete(toDelete);
        }
        boolean created = stored == null;
        boolean due = !created && (Duration.between(lastAccessedAt, now).compareTo(options.touchInterval()) >= 0
                || store.needsReissue(cookieValue));
        if (changed || due) {
            var state = new SessionState(id, values, createdAt, now, options.expiry(createdAt, now));
            Optional<String> value = store.save(options.cookieName(), state, created);
            if (value.isPresent()) {
                response.cookie(cookie(value.get(), Duration.between(now, state.expiresAt()), secure));
                return;
            }
            LOG.log(System.Logger.Level.DEBUG, "session ended by another request meanwhile; its cookie is expired");
            cookieToExpire = true;
        }
        if (cookieToExpire) {
            response.cookie(cookie("", Duration.ZERO, secure));
        }
    }

    private Cookie cookie(String value, Duration maxAge, boolean secure) {
        // SameSite=None is only honoured with Secure (browsers drop it otherwise), so it forces Secure.
        boolean secureOnly = secure || options.sameSite() == Cookie.SameSite.NONE;
        return new Cookie(options.cookieName(), value, options.path(), options.domain(), maxAge, secureOnly, true,
                options.sameSite());
    }
}
