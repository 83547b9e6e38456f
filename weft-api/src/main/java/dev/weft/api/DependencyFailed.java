package dev.weft.api;

/**
 * A provider that threw a checked exception: unchecked here so the request fails with a 500 naming the
 * dependency in the log, never in the response. Unchecked; immutable.
 */
final class DependencyFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DependencyFailed(Class<?> type, Exception cause) {
        super("provider of " + type.getName() + " failed: " + cause.getMessage(), cause);
    }
}
