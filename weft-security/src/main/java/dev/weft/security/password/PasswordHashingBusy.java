package dev.weft.security.password;

import dev.weft.http.server.ServiceUnavailable;

/**
 * No hashing slot came free within {@link PasswordHasher.Builder#maxWait}: the server is busy hashing
 * passwords. Answered 503 when a handler lets it through; the client may retry later. Unchecked; immutable.
 */
public final class PasswordHashingBusy extends ServiceUnavailable {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    PasswordHashingBusy(int slots, long waitedMillis) {
        super("password hashing busy: all " + slots + " slots taken for " + waitedMillis + " ms");
    }
}
