package dev.weft.security.password;

import dev.weft.http.server.UnprocessableContent;

/**
 * A password longer than {@link PasswordHasher.Builder#maxPasswordBytes} (in UTF-8 bytes): refused
 * before any hashing, so a huge password cannot burn CPU. Answered 422 when a handler lets it through.
 * Unchecked; immutable.
 */
public final class PasswordTooLong extends UnprocessableContent {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    PasswordTooLong(int bytes, int max) {
        super("password is at least " + bytes + " bytes long, more than the " + max + " allowed");
    }
}
