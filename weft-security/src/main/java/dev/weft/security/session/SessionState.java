package dev.weft.security.session;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A session as a {@link SessionStore} keeps it: its id, its values and its times. Immutable.
 *
 * {@snippet :
 * SessionState state = new SessionState(id, Map.of("user", "42"), now, now, now.plus(Duration.ofMinutes(30)));
 * }
 *
 * @param id             the session id: 256 random bits, base64url
 * @param values         the session's values (copied)
 * @param createdAt      when the session began (or its id was last regenerated); the absolute lifetime counts from it
 * @param lastAccessedAt when a request last used it; the idle timeout counts from it
 * @param expiresAt      when it dies: the earlier of the idle and the absolute limit
 */
public record SessionState(String id, Map<String, String> values, Instant createdAt, Instant lastAccessedAt,
                           Instant expiresAt) {
    /** Checks that every part is present and copies the values. */
    public SessionState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastAccessedAt, "lastAccessedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        values = Map.copyOf(values);
    }

    /** Whether the session is dead at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
