package dev.weft.embeddedpg;

import java.nio.charset.StandardCharsets;

/**
 * A login role the fixture creates at start, with its password and the way the server authenticates
 * it. Immutable and thread-safe.
 *
 * {@snippet :
 * var server = EmbeddedPostgres.builder()
 *         .user(new PgUser("app", "secret", AuthMethod.SCRAM_SHA_256, false))
 *         .start();
 * }
 *
 * @param name     the role name (1 to 63 bytes of UTF-8, no NUL or double quote; not {@code postgres}, the fixture's superuser)
 * @param password the password; required for {@link AuthMethod#needsPassword()} methods, otherwise may be null
 * @param method   how the server authenticates this user
 * @param tlsOnly  whether the user may connect only over TLS ({@code hostssl}); always true for {@link AuthMethod#CERT}
 */
public record PgUser(String name, String password, AuthMethod method, boolean tlsOnly) {
    /** Validates the user, naming the bad value; makes {@link AuthMethod#CERT} users TLS-only. */
    public PgUser {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0 || name.indexOf('"') >= 0
                || name.getBytes(StandardCharsets.UTF_8).length > 63) {
            throw new IllegalArgumentException("bad role name (1 to 63 bytes, no NUL, no double quote): " + name);
        }
        if (name.equals(EmbeddedPostgres.SUPERUSER)) {
            throw new IllegalArgumentException("the superuser " + name + " is the fixture's own; pick another name");
        }
        if (method == null) {
            throw new IllegalArgumentException("no authentication method for user " + name);
        }
        if (method.needsPassword() && (password == null || password.isEmpty())) {
            throw new IllegalArgumentException("user " + name + " with " + method.hbaKeyword() + " needs a password");
        }
        if (password != null && password.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("password of user " + name + " contains a NUL character");
        }
        tlsOnly = tlsOnly || method == AuthMethod.CERT;
    }

    /** Keeps the password out of logs and test reports. */
    @Override
    public String toString() {
        return "PgUser[name=" + name + ", method=" + method.hbaKeyword() + ", tlsOnly=" + tlsOnly + "]";
    }
}
