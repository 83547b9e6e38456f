package dev.weft.pg.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The response to PostgreSQL's MD5 password challenge: {@code "md5" + md5hex(md5hex(password + user) + salt)}.
 * Stateless and thread-safe.
 *
 * {@snippet :
 * String reply = Md5Password.response("md5_user", "md5_pass", salt); // send as PasswordMessage
 * }
 */
public final class Md5Password {
    private Md5Password() {
    }

    /** Computes the reply for {@code user}/{@code password} and the server's four-byte salt. */
    public static String response(String user, String password, byte[] salt) {
        if (salt.length != 4) {
            throw new IllegalArgumentException("MD5 salt must be 4 bytes, got " + salt.length);
        }
        String inner = md5Hex(concat((password + user).getBytes(StandardCharsets.UTF_8), new byte[0]));
        return "md5" + md5Hex(concat(inner.getBytes(StandardCharsets.US_ASCII), salt));
    }

    private static String md5Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
