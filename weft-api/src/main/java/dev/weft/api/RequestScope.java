package dev.weft.api;

import dev.weft.http.server.Request;

/**
 * The request being served, as a provider sees it: the request itself, the other dependencies, and
 * clean-up steps (FastAPI's code after {@code yield}). Clean-ups run when the handler has finished and
 * its response is built, before it is sent, in reverse order of registration, every one of them even if
 * the handler or another clean-up failed; each learns how the request ended. Running them before
 * sending means a commit that fails answers 500 rather than a success the database never saw. Use it
 * on the request's thread only.
 *
 * {@snippet :
 * @Provides Tx transaction(RequestScope scope) {
 *     Tx tx = pool.begin();
 *     scope.onClose(failure -> { if (failure == null) tx.commit(); else tx.rollback(); });
 *     return tx;
 * }
 * }
 */
public interface RequestScope {
    /** A clean-up step; {@code failure} is what the handler (or a later step) threw, or null. */
    @FunctionalInterface
    interface Cleanup {
        /** Releases what the provider took. */
        void close(Throwable failure) throws Exception;
    }

    /** The request. */
    Request request();

    /** The value of the dependency of {@code type} for this request (made once per request). */
    <T> T get(Class<T> type);

    /** Registers a clean-up step. */
    void onClose(Cleanup cleanup);
}
