package dev.weft.embeddedpg;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds {@link EmbeddedPostgres#shared()}: one server per JVM, started on first use, stopped by its
 * shutdown hook. A failed start is remembered so that every later caller gets the same clear error at
 * once instead of paying for another failing start. Thread-safe.
 */
final class SharedServer {
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static EmbeddedPostgres server;
    private static EmbeddedPostgresException failure;

    private SharedServer() {
    }

    static EmbeddedPostgres get() {
        LOCK.lock();
        try {
            if (server == null && failure == null) {
                try {
                    server = RealEmbeddedPostgres.start(settings(), true);
                } catch (EmbeddedPostgresException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw new EmbeddedPostgresException("the shared embedded PostgreSQL failed to start: " + failure.getMessage(), failure);
            }
            return server;
        } finally {
            LOCK.unlock();
        }
    }

    /** The shared server's configuration, as {@link EmbeddedPostgres#shared()} documents it. */
    static ServerSettings settings() {
        return EmbeddedPostgres.builder()
                .user("trust_user", null, AuthMethod.TRUST)
                .user("md5_user", "md5_pass", AuthMethod.MD5)
                .user("scram_user", "scram_pass", AuthMethod.SCRAM_SHA_256)
                .user("cleartext_user", "cleartext_pass", AuthMethod.PASSWORD)
                .tlsOnlyUser("tls_only_user", "tls_pass", AuthMethod.SCRAM_SHA_256)
                .snapshot();
    }
}
