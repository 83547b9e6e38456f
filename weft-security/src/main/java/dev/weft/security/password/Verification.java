package dev.weft.security.password;

/**
 * The outcome of {@link PasswordHasher#verify}: whether the password matched, and whether the stored
 * hash should be replaced by {@link PasswordHasher#hash} of the same password (it is a bcrypt import,
 * or Argon2 with lower costs than the hasher's). {@code needsRehash} is only ever true when
 * {@code matches} is. Immutable.
 *
 * {@snippet :
 * Verification check = hasher.verify(form.password(), user.passwordHash());
 * if (!check.matches()) throw new Unauthorized("wrong user name or password");
 * if (check.needsRehash()) users.setPasswordHash(user.id(), hasher.hash(form.password()));
 * }
 *
 * @param matches     whether the password matched the hash
 * @param needsRehash whether the hash should be upgraded now that the password is known
 */
public record Verification(boolean matches, boolean needsRehash) {
    static final Verification NO_MATCH = new Verification(false, false);

    /** Checks that a non-matching outcome never asks for a rehash. */
    public Verification {
        if (needsRehash && !matches) {
            throw new IllegalArgumentException("needsRehash without a match");
        }
    }
}
