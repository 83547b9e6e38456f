package dev.weft.security.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link SessionStore} with no server state: the whole session, with its times, travels in the
 * cookie, encrypted and authenticated with AES-256-GCM (JDK {@code javax.crypto}) under a fresh random
 * 96-bit nonce per cookie. The cookie's name is authenticated with it, so a value cannot be moved to
 * another cookie. The value is {@code v1.<key id>.<base64url(nonce, ciphertext, tag)>}.
 *
 * <p><b>Keys.</b> Give one or more 256-bit keys, each with an id; the first seals new cookies and every
 * key opens them, so a key can be rotated without logging anyone out: put the new key first, keep the
 * old one after it for as long as a session lives (the absolute lifetime), then remove it. A cookie
 * sealed with a key that is no longer first is re-issued under the first on its next request.
 *
 * <p><b>Limits.</b> The expiry sealed in the cookie ends a replayed old cookie, but nothing can end a
 * cookie earlier: {@link Session#invalidate()} expires it in the browser, yet a copy taken before stays
 * valid until its own expiry. Use {@link PgSessionStore} where logout must kill every copy at once. A
 * session whose cookie would exceed {@code maxCookieSize} (4096 bytes by default, what browsers keep)
 * fails the request with {@link IllegalStateException} naming the size. Immutable and thread-safe.
 *
 * {@snippet :
 * String key = CookieSessionStore.generateKey();     // once; keep it in your secrets, base64
 * SessionStore store = CookieSessionStore.builder()
 *         .key("2026-12", System.getenv("SESSION_KEY"))
 *         .key("2026-06", System.getenv("SESSION_KEY_PREVIOUS"))  // still opens older cookies
 *         .build();
 * app.use(Sessions.middleware(store));
 * }
 */
public final class CookieSessionStore implements SessionStore {
    private static final System.Logger LOG = System.getLogger("dev.weft.security.session");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final List<Key> keys;
    private final int maxCookieSize;

    private record Key(String id, SecretKey secret) {
    }

    private CookieSessionStore(List<Key> keys, int maxCookieSize) {
        this.keys = List.copyOf(keys);
        this.maxCookieSize = maxCookieSize;
    }

    /** A builder; at least one key is needed. */
    public static Builder builder() {
        return new Builder();
    }

    /** A new random 256-bit key, base64 (standard alphabet): for {@link Builder#key}. */
    public static String generateKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, RANDOM);
            return Base64.getEncoder().encodeToString(generator.generateKey().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES", e);
        }
    }

    @Override
    public Optional<SessionState> load(String cookieName, String cookieValue, Instant now) {
        String[] parts = cookieValue.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            return rejected(cookieName, "not a v1 session cookie");
        }
        Key key = keys.stream().filter(k -> k.id().equals(parts[1])).findFirst().orElse(null);
        if (key == null) {
            return rejected(cookieName, "unknown key id " + parts[1]);
        }
        try {
            byte[] sealed = Base64.getUrlDecoder().decode(parts[2]);
            if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
                return rejected(cookieName, "too short");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.secret(), new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(cookieName, key.id()));
            byte[] plain = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
            SessionState state = decode(JSON.readTree(plain));
            if (state.expiredAt(now)) {
                return rejected(cookieName, "expired at " + state.expiresAt());
            }
            return Optional.of(state);
        } catch (IllegalArgumentException | GeneralSecurityException | IOException e) {
            // Bad base64, a failed tag (tampered, truncated, other key or cookie name) or a payload that is
            // not ours: all mean "no session", never an error for the client.
            return rejected(cookieName, e.toString());
        }
    }

    @Override
    public Optional<String> save(String cookieName, SessionState state, boolean created) {
        Key key = keys.getFirst();
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.secret(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(cookieName, key.id()));
            byte[] sealed = cipher.doFinal(JSON.writeValueAsBytes(encode(state)));
            String value = VERSION + "." + key.id() + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
            int size = cookieName.length() + 1 + value.length();
            if (size > maxCookieSize) {
                throw new IllegalStateException("session cookie " + cookieName + " would be " + size
                        + " bytes, over the limit of " + maxCookieSize + " (browsers drop larger cookies): keep less in"
                        + " the session (" + state.values().size() + " values) or use PgSessionStore");
            }
            return Optional.of(value);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot seal the session cookie", e);
        }
    }

    /** Nothing to delete: the session lives only in the cookie, which the middleware expires. */
    @Override
    public void delete(SessionState state) {
        // No server state; see the class comment on what invalidation can and cannot do here.
    }

    @Override
    public boolean needsReissue(String cookieValue) {
        return !cookieValue.startsWith(VERSION + "." + keys.getFirst().id() + ".");
    }

    private static byte[] associatedData(String cookieName, String keyId) {
        return ("weft-session|" + cookieName + "|" + keyId).getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode encode(SessionState state) {
        ObjectNode node = JSON.createObjectNode()
                .put("id", state.id())
                .put("created", state.createdAt().toEpochMilli())
                .put("issued", state.lastAccessedAt().toEpochMilli())
                .put("expires", state.expiresAt().toEpochMilli());
        ObjectNode values = node.putObject("values");
        state.values().forEach(values::put);
        return node;
    }

    /** The session a payload holds; a payload that opened but is not one of ours throws {@link IllegalArgumentException}. */
    private static SessionState decode(JsonNode node) {
        JsonNode values = node.path("values");
        if (!node.path("id").isTextual() || !values.isObject()) {
            throw new IllegalArgumentException("not a session payload");
        }
        Map<String, String> map = new LinkedHashMap<>();
        values.properties().forEach(e -> {
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException("a session value that is not a string: " + e.getKey());
            }
            map.put(e.getKey(), e.getValue().textValue());
        });
        return new SessionState(node.get("id").textValue(), map, instant(node, "created"), instant(node, "issued"),
                instant(node, "expires"));
    }

    private static Instant instant(JsonNode node, String field) {
        if (!node.path(field).isIntegralNumber()) {
            throw new IllegalArgumentException("no time " + field + " in the session payload");
        }
        return Instant.ofEpochMilli(node.get(field).longValue());
    }

    private static Optional<SessionState> rejected(String cookieName, String why) {
        LOG.log(System.Logger.Level.DEBUG, "ignoring session cookie " + cookieName + ": " + why);
        return Optional.empty();
    }

    /** Builds a {@link CookieSessionStore}. Not thread-safe. */
    public static final class Builder {
        private final List<Key> keys = new ArrayList<>();
        private int maxCookieSize = 4096;

        private Builder() {
        }

        /**
         * Adds a key: {@code id} (1-32 of {@code A-Z a-z 0-9 _ -}, sent in the cookie) and 256 bits in
         * base64. The first key added seals new cookies; every key opens them.
         */
        public Builder key(String id, String base64Key) {
            if (id == null || !KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("key id must be 1-32 of A-Z a-z 0-9 _ -: " + id);
            }
            if (keys.stream().anyMatch(k -> k.id().equals(id))) {
                throw new IllegalArgumentException("key id used twice: " + id);
            }
            if (base64Key == null) {
                throw new IllegalArgumentException("no key material for key " + id);
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(base64Key.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key " + id + " is not base64: " + e.getMessage(), e);
            }
            if (bytes.length != 32) {
                throw new IllegalArgumentException("key " + id + " has " + bytes.length * 8
                        + " bits, 256 needed (CookieSessionStore.generateKey() makes one)");
            }
            keys.add(new Key(id, new SecretKeySpec(bytes, "AES")));
            return this;
        }

        /** The largest {@code name=value} a session cookie may reach, in bytes (default 4096). */
        public Builder maxCookieSize(int bytes) {
            if (bytes < 256) {
                throw new IllegalArgumentException("maxCookieSize < 256: " + bytes);
            }
            this.maxCookieSize = bytes;
            return this;
        }

        /** The store. */
        public CookieSessionStore build() {
            if (keys.isEmpty()) {
                throw new IllegalStateException("a CookieSessionStore needs at least one key");
            }
            return new CookieSessionStore(keys, maxCookieSize);
        }
    }
}
