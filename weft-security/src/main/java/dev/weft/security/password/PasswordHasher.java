package dev.weft.security.password;

import dev.weft.core.CapacityLimiter;
import dev.weft.core.Deadline;
import dev.weft.core.Offload;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hashes passwords with Argon2id and verifies them, also against bcrypt hashes imported from elsewhere.
 * Hashes are PHC strings ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}) that Python's argon2-cffi,
 * passlib and the reference implementation read and write. The defaults follow OWASP's Password Storage
 * Cheat Sheet (19 MiB, 2 passes, 1 lane); raise them with the builder, and {@link #verify} reports
 * older, cheaper hashes as needing a rehash, so logins upgrade stored hashes over time.
 *
 * <p>Hashing is CPU- and memory-heavy, so it never runs on the caller's virtual thread: it goes to
 * weft-core's {@link Offload} pool, at most {@code maxConcurrent} at once. A caller that finds every
 * slot taken waits at most {@code maxWait}, then gets {@link PasswordHashingBusy} (a 503). Both calls
 * block, and end with {@code Cancelled} or {@code DeadlineExceeded} when the caller is cancelled while
 * waiting for a slot. Passwords longer than {@code maxPasswordBytes} are refused with
 * {@link PasswordTooLong} (a 422) before any work. Immutable and thread-safe.
 *
 * {@snippet :
 * PasswordHasher hasher = PasswordHasher.builder().build();        // OWASP's defaults
 * String stored = hasher.hash("correct horse battery staple");     // at sign-up
 *
 * Verification check = hasher.verify(typed, stored);               // at login
 * if (check.matches() && check.needsRehash()) {
 *     users.setPasswordHash(id, hasher.hash(typed));               // costs raised since: upgrade
 * }
 * }
 */
public final class PasswordHasher {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int memoryKiB;
    private final int iterations;
    private final int parallelism;
    private final int saltLength;
    private final int hashLength;
    private final int maxPasswordBytes;
    private final int maxConcurrent;
    private final Duration maxWait;
    private final int maxVerifyMemoryKiB;
    private final int maxVerifyIterations;
    private final int maxBcryptCost;
    private final CapacityLimiter slots;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger peakRunning = new AtomicInteger();
    private final LongAdder refused = new LongAdder();

    private PasswordHasher(Builder b) {
        this.memoryKiB = b.memoryKiB;
        this.iterations = b.iterations;
        this.parallelism = b.parallelism;
        this.saltLength = b.saltLength;
        this.hashLength = b.hashLength;
        this.maxPasswordBytes = b.maxPasswordBytes;
        this.maxConcurrent = b.maxConcurrent;
        this.maxWait = b.maxWait;
        this.maxVerifyMemoryKiB = b.maxVerifyMemoryKiB;
        this.maxVerifyIterations = b.maxVerifyIterations;
        this.maxBcryptCost = b.maxBcryptCost;
        this.slots = CapacityLimiter.create(maxConcurrent);
    }

    /** A builder with OWASP's minimum Argon2id settings: 19456 KiB, 2 passes, 1 lane. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The Argon2id hash of {@code password} with a fresh random salt, as a PHC string. Blocks while it
     * computes (off the caller's thread).
     *
     * @throws PasswordTooLong     when the password is longer than {@code maxPasswordBytes}
     * @throws PasswordHashingBusy when no hashing slot came free within {@code maxWait}
     */
    public String hash(String password) {
        byte[] bytes = checkedBytes(password);
        byte[] salt = new byte[saltLength];
        RANDOM.nextBytes(salt);
        Argon2Hash params = new Argon2Hash("argon2id", 19, memoryKiB, iterations, parallelism, salt, new byte[0]);
        return params.withHash(offloaded(() -> params.compute(bytes, hashLength))).format();
    }

    /**
     * Whether {@code password} matches {@code stored} (an Argon2 PHC string, or a {@code $2a$}/{@code $2b$}/
     * {@code $2y$} bcrypt hash), and whether the stored hash should be replaced. A malformed or unknown
     * hash, or one whose costs exceed this hasher's verification bounds, does not match (it never
     * throws). A null {@code stored} (no such user) spends the time of a real check and does not match,
     * so response times do not tell which user names exist. Blocks while it computes.
     *
     * @throws PasswordTooLong     when the password is longer than {@code maxPasswordBytes}
     * @throws PasswordHashingBusy when no hashing slot came free within {@code maxWait}
     */
    public Verification verify(String password, String stored) {
        byte[] bytes = checkedBytes(password);
        if (stored == null) {
            hash(password);
            return Verification.NO_MATCH;
        }
        if (Argon2Hash.looksLikeArgon2(stored)) {
            Argon2Hash parsed = Argon2Hash.parse(stored);
            if (parsed == null || parsed.memoryKiB() > maxVerifyMemoryKiB || parsed.iterations() > maxVerifyIterations) {
                return Verification.NO_MATCH;
            }
            byte[] computed = offloaded(() -> parsed.compute(bytes, parsed.hash().length));
            return MessageDigest.isEqual(computed, parsed.hash())
                    ? new Verification(true, weakerThanCurrent(parsed)) : Verification.NO_MATCH;
        }
        if (BcryptHash.looksLikeBcrypt(stored)) {
            BcryptHash parsed = BcryptHash.parse(stored);
            if (parsed == null || parsed.cost() > maxBcryptCost) {
                return Verification.NO_MATCH;
            }
            return offloaded(() -> parsed.matches(bytes)) ? new Verification(true, true) : Verification.NO_MATCH;
        }
        return Verification.NO_MATCH;
    }

    private boolean weakerThanCurrent(Argon2Hash h) {
        return !h.type().equals("argon2id") || h.version() != 19 || h.memoryKiB() < memoryKiB
                || h.iterations() < iterations || h.parallelism() < parallelism
                || h.salt().length < saltLength || h.hash().length < hashLength;
    }

    private byte[] checkedBytes(String password) {
        Objects.requireNonNull(password, "password");
        // A UTF-8 byte is at least a char's worth: a String this long in chars is too long in bytes too.
        if (password.length() > maxPasswordBytes) {
            throw new PasswordTooLong(password.length(), maxPasswordBytes);
        }
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxPasswordBytes) {
            throw new PasswordTooLong(bytes.length, maxPasswordBytes);
        }
        return bytes;
    }

    private <T> T offloaded(Callable<T> work) {
        CapacityLimiter.Permit slot = maxWait.isZero() ? slots.tryAcquire().orElse(null)
                : Deadline.moveOnAfter(maxWait, slots::acquire).orElse(null);
        if (slot == null) {
            refused.increment();
            throw new PasswordHashingBusy(maxConcurrent, maxWait.toMillis());
        }
        try (slot) {
            return Offload.cpu(() -> {
                peakRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    return work.call();
                } finally {
                    running.decrementAndGet();
                }
            });
        }
    }

    /** What this hasher is doing now, and has refused so far. */
    public HashingStatistics statistics() {
        return new HashingStatistics(running.get(), peakRunning.get(), refused.sum());
    }

    /** The Argon2id memory cost new hashes get, in KiB. */
    public int memoryKiB() {
        return memoryKiB;
    }

    /** The Argon2id passes new hashes get. */
    public int iterations() {
        return iterations;
    }

    /** The Argon2id lanes new hashes get. */
    public int parallelism() {
        return parallelism;
    }

    /** How many hashes may compute at once. */
    public int maxConcurrent() {
        return maxConcurrent;
    }

    @Override
    public String toString() {
        return "PasswordHasher[argon2id m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism
                + ", maxConcurrent=" + maxConcurrent + ", maxWait=" + maxWait + "]";
    }

    /**
     * Settings for a {@link PasswordHasher}; every value is checked when set, naming the bad value.
     * Not thread-safe; {@link #build()} takes a snapshot.
     */
    public static final class Builder {
        private int memoryKiB = 19_456;
        private int iterations = 2;
        private int parallelism = 1;
        private int saltLength = 16;
        private int hashLength = 32;
        private int maxPasswordBytes = 1024;
        private int maxConcurrent = Runtime.getRuntime().availableProcessors();
        private Duration maxWait = Duration.ofSeconds(5);
        private int maxVerifyMemoryKiB = 262_144;
        private int maxVerifyIterations = 64;
        private int maxBcryptCost = 16;

        private Builder() {
        }

        /** Argon2id memory cost in KiB for new hashes (default 19456, at least 8 per lane). */
        public Builder memoryKiB(int value) {
            memoryKiB = positive("memoryKiB", value);
            return this;
        }

        /** Argon2id passes over memory for new hashes (default 2). */
        public Builder iterations(int value) {
            iterations = positive("iterations", value);
            return this;
        }

        /** Argon2id lanes for new hashes (default 1; Bouncy Castle computes them on one thread). */
        public Builder parallelism(int value) {
            parallelism = inRange("parallelism", value, 1, 255);
            return this;
        }

        /** Random salt length in bytes for new hashes (default 16, at least 8). */
        public Builder saltLength(int value) {
            saltLength = inRange("saltLength", value, 8, 64);
            return this;
        }

        /** Hash length in bytes for new hashes (default 32, at least 16). */
        public Builder hashLength(int value) {
            hashLength = inRange("hashLength", value, 16, 64);
            return this;
        }

        /** The longest password accepted, in UTF-8 bytes (default 1024). */
        public Builder maxPasswordBytes(int value) {
            maxPasswordBytes = positive("maxPasswordBytes", value);
            return this;
        }

        /** How many hashes may compute at once (default: the number of processors). */
        public Builder maxConcurrent(int value) {
            maxConcurrent = positive("maxConcurrent", value);
            return this;
        }

        /** How long a caller waits for a hashing slot before {@link PasswordHashingBusy} (default 5 s; zero: never wait). */
        public Builder maxWait(Duration value) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException("maxWait must be zero or positive: " + value);
            }
            maxWait = value;
            return this;
        }

        /**
         * The highest Argon2 memory cost (KiB) and passes a stored hash may ask for and still be checked
         * (default 262144 KiB and 64); above them the hash does not match, so a tampered or hostile hash
         * cannot exhaust memory or CPU. Raised to the hashing costs when those are higher.
         */
        public Builder maxVerifyCosts(int memoryKiB, int iterations) {
            maxVerifyMemoryKiB = positive("maxVerifyCosts memoryKiB", memoryKiB);
            maxVerifyIterations = positive("maxVerifyCosts iterations", iterations);
            return this;
        }

        /** The highest bcrypt cost an imported hash may have and still be checked (default 16; 4 to 31). */
        public Builder maxBcryptCost(int value) {
            maxBcryptCost = inRange("maxBcryptCost", value, 4, 31);
            return this;
        }

        /**
         * The hasher.
         *
         * @throws IllegalArgumentException when the memory cost is below 8 KiB per lane
         */
        public PasswordHasher build() {
            if (memoryKiB < 8 * parallelism) {
                throw new IllegalArgumentException("memoryKiB " + memoryKiB + " below 8 per lane (" + parallelism + " lanes)");
            }
            maxVerifyMemoryKiB = Math.max(maxVerifyMemoryKiB, memoryKiB);
            maxVerifyIterations = Math.max(maxVerifyIterations, iterations);
            return new PasswordHasher(this);
        }

        private static int positive(String name, int value) {
            return inRange(name, value, 1, Integer.MAX_VALUE);
        }

        private static int inRange(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ": " + value);
            }
            return value;
        }
    }
}
