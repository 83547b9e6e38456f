package dev.weft.security.jwt;

import java.util.List;

/** Where a verifier's keys come from: fixed at build time, or a JWKS URL. Thread-safe. */
sealed interface KeySource permits KeySource.Fixed, JwksKeys {
    /** The keys to try first; may fetch them (a first use, or keys older than their maximum age). */
    List<VerificationKey> keys();

    /**
     * The keys after none of {@code seen} fitted a token: a key source that can learn new keys (a
     * rotation) fetches them again, unless it did so too recently; the fixed source returns {@code seen}.
     */
    List<VerificationKey> keysAfterMiss(List<VerificationKey> seen);

    /** Keys given when the verifier was built. */
    record Fixed(List<VerificationKey> keys) implements KeySource {
        public Fixed {
            keys = List.copyOf(keys);
        }

        @Override
        public List<VerificationKey> keysAfterMiss(List<VerificationKey> seen) {
            return seen;
        }
    }
}
