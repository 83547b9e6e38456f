package dev.weft.security.password;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * An Argon2 hash in the PHC string format the reference implementation, argon2-cffi and passlib write:
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, salt and hash in standard Base64 without
 * padding. A missing {@code v=} segment means version 16 (0x10), as in hashes made before version 19.
 * Parsing does no hashing; {@link #compute} runs Bouncy Castle's Argon2. {@code version} is the number
 * written after {@code v=}, which is also Bouncy Castle's constant (16 or 19).
 */
record Argon2Hash(String type, int version, int memoryKiB, int iterations, int parallelism, byte[] salt, byte[] hash) {
    private static final Pattern PHC = Pattern.compile(
            "\\$(argon2id|argon2i|argon2d)(?:\\$v=(16|19))?\\$m=([0-9]{1,10}),t=([0-9]{1,10}),p=([0-9]{1,3})"
                    + "\\$([A-Za-z0-9+/]{11,88})\\$([A-Za-z0-9+/]{6,172})");
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

    /** Whether {@code stored} names an Argon2 variant, well-formed or not. */
    static boolean looksLikeArgon2(String stored) {
        return stored.startsWith("$argon2");
    }

    /** The hash in {@code stored}, or null when it is not a well-formed Argon2 PHC string. */
    static Argon2Hash parse(String stored) {
        Matcher m = PHC.matcher(stored);
        if (!m.matches()) {
            return null;
        }
        try {
            int version = m.group(2) == null ? Argon2Parameters.ARGON2_VERSION_10 : Integer.parseInt(m.group(2));
            long memory = Long.parseLong(m.group(3));
            long iterations = Long.parseLong(m.group(4));
            int parallelism = Integer.parseInt(m.group(5));
            byte[] salt = Base64.getDecoder().decode(m.group(6));
            byte[] hash = Base64.getDecoder().decode(m.group(7));
            if (memory > Integer.MAX_VALUE || iterations > Integer.MAX_VALUE || parallelism < 1
                    || iterations < 1 || memory < 8L * parallelism || hash.length < 4) {
                return null;
            }
            return new Argon2Hash(m.group(1), version, (int) memory, (int) iterations, parallelism, salt, hash);
        } catch (IllegalArgumentException e) {
            return null; // Base64 that does not decode (a length no encoder writes): malformed
        }
    }

    /** The PHC string of this hash. */
    String format() {
        return "$" + type + "$v=" + version + "$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism
                + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
    }

    /** The same type, version, costs and salt with {@code computed} as the hash. */
    Argon2Hash withHash(byte[] computed) {
        return new Argon2Hash(type, version, memoryKiB, iterations, parallelism, salt, computed);
    }

    /** Argon2 of {@code password} with this hash's type, version, costs and salt, {@code length} bytes long. */
    byte[] compute(byte[] password, int length) {
        int typeId = switch (type) {
            case "argon2id" -> Argon2Parameters.ARGON2_id;
            case "argon2i" -> Argon2Parameters.ARGON2_i;
            default -> Argon2Parameters.ARGON2_d;
        };
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(typeId).withVersion(version).withMemoryAsKB(memoryKiB)
                .withIterations(iterations).withParallelism(parallelism).withSalt(salt).build());
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }
}
