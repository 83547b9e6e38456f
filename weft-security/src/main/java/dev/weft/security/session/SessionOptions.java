package dev.weft.security.session;

import dev.weft.http.server.Cookie;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The settings of the {@linkplain Sessions#middleware session middleware}: the cookie's name and
 * attributes, and how long a session lives. Immutable; start from {@link #defaults()} and change what
 * differs with the {@code with*} methods.
 *
 * {@snippet :
 * SessionOptions options = SessionOptions.defaults()
 *         .withCookieName("app_session")
 *         .withIdleTimeout(Duration.ofMinutes(20))
 *         .withAbsoluteLifetime(Duration.ofHours(12));
 * }
 *
 * @param cookieName       the cookie's name (default {@code weft_session})
 * @param idleTimeout      a session not used for this long dies (default 30 minutes)
 * @param absoluteLifetime a session dies this long after it began or its id was regenerated, used or not (default 8 hours)
 * @param touchInterval    an unchanged session is written again (its idle timer restarted) once this much has
 *                         passed since its last write, not on every request (default 1 minute)
 * @param path             the cookie's {@code Path} (default {@code /})
 * @param domain           the cookie's {@code Domain}, or null for host-only (the default)
 * @param sameSite         the cookie's {@code SameSite} (default {@code Lax})
 * @param clock            the time source (default the system clock; tests pass their own)
 */
public record SessionOptions(String cookieName, Duration idleTimeout, Duration absoluteLifetime,
                             Duration touchInterval, String path, String domain, Cookie.SameSite sameSite,
                             Clock clock) {
    /** Validates the settings; a bad one throws {@link IllegalArgumentException} naming its value. */
    public SessionOptions {
        Objects.requireNonNull(cookieName, "cookieName");
        Cookie.of(cookieName, "");  // the cookie's own check of the name
        positive("idleTimeout", idleTimeout);
        positive("absoluteLifetime", absoluteLifetime);
        Objects.requireNonNull(touchInterval, "touchInterval");
        if (touchInterval.isNegative() || touchInterval.compareTo(idleTimeout) >= 0) {
            throw new IllegalArgumentException("touchInterval must be >= 0 and shorter than idleTimeout "
                    + idleTimeout + ": " + touchInterval);
        }
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sameSite, "sameSite");
        Objects.requireNonNull(clock, "clock");
    }

    /** The defaults listed on the components. */
    public static SessionOptions defaults() {
        return new SessionOptions("weft_session", Duration.ofMinutes(30), Duration.ofHours(8), Duration.ofMinutes(1),
                "/", null, Cookie.SameSite.LAX, Clock.systemUTC());
    }

    /** These options with the cookie named {@code name}. */
    public SessionOptions withCookieName(String name) {
        return new SessionOptions(name, idleTimeout, absoluteLifetime, touchInterval, path, domain, sameSite, clock);
    }

    /** These options with idle timeout {@code timeout}. */
    public SessionOptions withIdleTimeout(Duration timeout) {
        return new SessionOptions(cookieName, timeout, absoluteLifetime, touchInterval, path, domain, sameSite, clock);
    }

    /** These options with absolute lifetime {@code lifetime}. */
    public SessionOptions withAbsoluteLifetime(Duration lifetime) {
        return new SessionOptions(cookieName, idleTimeout, lifetime, touchInterval, path, domain, sameSite, clock);
    }

    /** These options with touch interval {@code interval}. */
    public SessionOptions withTouchInterval(Duration interval) {
        return new SessionOptions(cookieName, idleTimeout, absoluteLifetime, interval, path, domain, sameSite, clock);
    }

    /** These options with cookie {@code Path} {@code cookiePath}. */
    public SessionOptions withPath(String cookiePath) {
        return new SessionOptions(cookieName, idleTimeout, absoluteLifetime, touchInterval, cookiePath, domain, sameSite,
                clock);
    }

    /** These options with cookie {@code Domain} {@code cookieDomain} (null: host-only). */
    public SessionOptions withDomain(String cookieDomain) {
        return new SessionOptions(cookieName, idleTimeout, absoluteLifetime, touchInterval, path, cookieDomain, sameSite,
                clock);
    }

    /** These options with cookie {@code SameSite} {@code value}. */
    public SessionOptions withSameSite(Cookie.SameSite value) {
        return new SessionOptions(cookieName, idleTimeout, absoluteLifetime, touchInterval, path, domain, value, clock);
    }

    /** These options reading the time from {@code source}. */
    public SessionOptions withClock(Clock source) {
        return new SessionOptions(cookieName, idleTimeout, absoluteLifetime, touchInterval, path, domain, sameSite,
                source);
    }

    /** When a session begun at {@code createdAt} and last used at {@code lastAccessedAt} dies under these options. */
    Instant expiry(Instant createdAt, Instant lastAccessedAt) {
        Instant idle = lastAccessedAt.plus(idleTimeout);
        Instant absolute = createdAt.plus(absoluteLifetime);
        return idle.isBefore(absolute) ? idle : absolute;
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
