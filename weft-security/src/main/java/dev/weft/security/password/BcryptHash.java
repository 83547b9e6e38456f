package dev.weft.security.password;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * A bcrypt hash imported from another system ({@code $2a$}, {@code $2b$}, {@code $2y$}, as OpenBSD,
 * Python's bcrypt and PHP write them), checked through Bouncy Castle's {@link OpenBSDBCrypt}, which
 * compares in constant time. Weft never makes new bcrypt hashes.
 */
record BcryptHash(String stored, int cost) {
    private static final Pattern FORMAT = Pattern.compile("\\$2[aby]\\$([0-9]{2})\\$[./A-Za-z0-9]{53}");

    /** Whether {@code stored} names a bcrypt variant, well-formed or not. */
    static boolean looksLikeBcrypt(String stored) {
        return stored.startsWith("$2");
    }

    /** The hash in {@code stored}, or null when it is not a well-formed bcrypt string with a cost from 4 to 31. */
    static BcryptHash parse(String stored) {
        Matcher m = FORMAT.matcher(stored);
        if (!m.matches()) {
            return null;
        }
        int cost = Integer.parseInt(m.group(1));
        return cost < 4 || cost > 31 ? null : new BcryptHash(stored, cost);
    }

    /** Whether {@code password} (its UTF-8 bytes; bcrypt reads at most 72 of them) matches. */
    boolean matches(byte[] password) {
        return OpenBSDBCrypt.checkPassword(stored, password);
    }
}
