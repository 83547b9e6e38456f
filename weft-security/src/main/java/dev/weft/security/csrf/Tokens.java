package dev.weft.security.csrf;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * CSRF tokens: 256 random bits in base64url, HMAC-SHA256 signatures for double-submit cookies, the
 * masking that makes each page's copy differ, and the constant-time comparison.
 */
final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {
    }

    static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static String random() {
        return BASE64URL.encodeToString(randomBytes());
    }

    static SecretKey hmacKey(String base64Key) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CSRF key is not base64: " + e.getMessage(), e);
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("CSRF key has " + bytes.length * 8
                    + " bits, 256 needed (CsrfOptions.generateKey() makes one)");
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** A signed double-submit value: {@code random.signature}. */
    static String signed(SecretKey key) {
        String random = random();
        return random + "." + signature(key, random);
    }

    /** Whether {@code value} is a {@code random.signature} pair signed with {@code key}. */
    static boolean validlySigned(SecretKey key, String value) {
        int dot = value.indexOf('.');
        return dot > 0 && same(value.substring(dot + 1), signature(key, value.substring(0, dot)));
    }

    /**
     * {@code secret} as a page shows it: a fresh random pad, then the secret XOR the pad, in base64url.
     * Every response carries different bytes, so a compressed page leaks nothing of the secret to an
     * attacker who measures its length (BREACH).
     */
    static String mask(String secret) {
        byte[] plain = secret.getBytes(StandardCharsets.US_ASCII);
        byte[] masked = new byte[plain.length * 2];
        byte[] pad = new byte[plain.length];
        RANDOM.nextBytes(pad);
        for (int i = 0; i < plain.length; i++) {
            masked[i] = pad[i];
            masked[plain.length + i] = (byte) (pad[i] ^ plain[i]);
        }
        return BASE64URL.encodeToString(masked);
    }

    /** The secret a {@link #mask masked} token carries, or null when {@code token} is not one. */
    static String unmask(String token) {
        byte[] masked;
        try {
            masked = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return null; // not base64url: cannot be a token we gave out
        }
        if (masked.length == 0 || masked.length % 2 != 0) {
            return null;
        }
        int half = masked.length / 2;
        byte[] plain = new byte[half];
        for (int i = 0; i < half; i++) {
            plain[i] = (byte) (masked[i] ^ masked[half + i]);
        }
        return new String(plain, StandardCharsets.US_ASCII);
    }

    /** Constant-time equality, so that the time taken tells nothing of where two tokens differ. */
    static boolean same(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The session's token: HMAC-SHA256 of the session id under the session's secret, so that a token is
     * good for one id only, and the one a fixated (pre-login) session showed dies with that id when
     * {@code regenerateId()} replaces it at login, although the secret travels on with the values.
     */
    static String forSession(String secret, String sessionId) {
        return hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"),
                "weft-csrf-session|" + sessionId);
    }

    private static String signature(SecretKey key, String random) {
        return hmac(key, "weft-csrf|" + random);
    }

    private static String hmac(SecretKey key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return BASE64URL.encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }
}
