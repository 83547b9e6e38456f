package dev.weft.pg.protocol;

import dev.weft.pg.PgProtocolException;
import dev.weft.pg.PgException;
import dev.weft.pg.ServerMessage;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;

/**
 * The client side of SCRAM-SHA-256 and SCRAM-SHA-256-PLUS (RFC 5802, RFC 7677, channel binding
 * {@code tls-server-end-point} of RFC 5929) as PostgreSQL uses it. A state machine over byte arrays
 * with no I/O: {@link #clientFirst()}, then {@link #clientFinal(byte[])} with the server-first message,
 * then {@link #verifyServerFinal(byte[])}. One instance per authentication; not thread-safe.
 *
 * {@snippet :
 * var scram = new ScramClient("secret", null, false);
 * byte[] first = scram.clientFirst();                 // send in SASLInitialResponse
 * byte[] fin = scram.clientFinal(serverFirst);       // send in SASLResponse
 * scram.verifyServerFinal(serverFinal);              // throws if the server is not who it claims
 * }
 */
public final class ScramClient {
    /** The mechanism name without channel binding. */
    public static final String SCRAM_SHA_256 = "SCRAM-SHA-256";
    /** The mechanism name with channel binding. */
    public static final String SCRAM_SHA_256_PLUS = "SCRAM-SHA-256-PLUS";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] password;
    private final String gs2Header;
    private final byte[] channelBindingData;
    private final String clientNonce;
    private final String user;
    private String clientFirstBare;
    private byte[] expectedServerSignature;
    private boolean serverVerified;

    /**
     * Starts an exchange.
     *
     * @param password           the user's password
     * @param serverEndPointHash the TLS server certificate hash for channel binding, or null for none
     * @param tlsWithoutBinding  true when TLS is on but binding is not used (the client then says {@code y})
     */
    public ScramClient(String password, byte[] serverEndPointHash, boolean tlsWithoutBinding) {
        this(password, serverEndPointHash, tlsWithoutBinding, "", randomNonce());
    }

    /** For tests against published vectors: a fixed user name and nonce. */
    ScramClient(String password, byte[] serverEndPointHash, boolean tlsWithoutBinding, String user, String nonce) {
        if (password == null || password.isEmpty()) {
            throw new PgException(ServerMessage.client("28P01", "SCRAM authentication needs a non-empty password"), null);
        }
        this.password = prepare(password);
        this.channelBindingData = serverEndPointHash;
        this.gs2Header = serverEndPointHash != null ? "p=tls-server-end-point,," : tlsWithoutBinding ? "y,," : "n,,";
        this.user = user;
        this.clientNonce = nonce;
    }

    private static String randomNonce() {
        byte[] nonce = new byte[18];
        RANDOM.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** The mechanism this exchange uses. */
    public String mechanism() {
        return channelBindingData != null ? SCRAM_SHA_256_PLUS : SCRAM_SHA_256;
    }

    /** The client-first message. PostgreSQL takes the user name from the startup message, so it is empty here. */
    public byte[] clientFirst() {
        clientFirstBare = "n=" + user + ",r=" + clientNonce;
        return (gs2Header + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    /** Consumes the server-first message and returns the client-final message with the proof. */
    public byte[] clientFinal(byte[] serverFirstBytes) {
        if (clientFirstBare == null) {
            throw new IllegalStateException("clientFirst() not called yet");
        }
        String serverFirst = new String(serverFirstBytes, StandardCharsets.UTF_8);
        String nonce = attribute(serverFirst, 'r');
        byte[] salt = Base64.getDecoder().decode(attribute(serverFirst, 's'));
        int iterations = Integer.parseInt(attribute(serverFirst, 'i'));
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw protocol("server nonce does not extend the client nonce");
        }
        if (iterations < 1) {
            throw protocol("iteration count " + iterations);
        }
        byte[] cbind = gs2Header.getBytes(StandardCharsets.UTF_8);
        if (channelBindingData != null) {
            cbind = concat(cbind, channelBindingData);
        }
        String finalWithoutProof = "c=" + Base64.getEncoder().encodeToString(cbind) + ",r=" + nonce;
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + finalWithoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] salted = hi(salt, iterations);
        byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] storedKey = sha256(clientKey);
        byte[] signature = hmac(storedKey, authMessage);
        byte[] proof = clientKey.clone();
        for (int i = 0; i < proof.length; i++) {
            proof[i] ^= signature[i];
        }
        byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        expectedServerSignature = hmac(serverKey, authMessage);
        return (finalWithoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
    }

    /** Checks the server-final message; throws unless the server proved it knows the password's verifier. */
    public void verifyServerFinal(byte[] serverFinalBytes) {
        if (expectedServerSignature == null) {
            throw new IllegalStateException("clientFinal() not called yet");
        }
        String serverFinal = new String(serverFinalBytes, StandardCharsets.UTF_8);
        if (serverFinal.startsWith("e=")) {
            throw new PgException(ServerMessage.client("28P01", "SCRAM server error: " + serverFinal.substring(2)), null);
        }
        byte[] signature = Base64.getDecoder().decode(attribute(serverFinal, 'v'));
        if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw new PgException(ServerMessage.client("28000", "SCRAM server signature does not match: the server does not know the password"), null);
        }
        serverVerified = true;
    }

    /** Whether the server proved itself with a valid server-final message; until then the exchange is not complete. */
    public boolean serverVerified() {
        return serverVerified;
    }

    // SASLprep is approximated by NFKC normalization, which is what it reduces to for ordinary passwords;
    // the server also falls back to the raw bytes when a password is not valid SASLprep input.
    private static byte[] prepare(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] hi(byte[] salt, int iterations) {
        byte[] u = hmac(password, concat(salt, new byte[]{0, 0, 0, 1}));
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = hmac(password, u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static String attribute(String message, char name) {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        throw protocol("SCRAM message lacks attribute '" + name + "'");
    }

    private static PgException protocol(String what) {
        return new PgProtocolException("SCRAM: " + what);
    }
}
