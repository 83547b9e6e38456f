package dev.weft.core;

/**
 * The unchecked exception {@link Concurrent#race} throws when every body failed; each body's failure
 * is attached as suppressed, in the order the bodies were given, so none is lost.
 *
 * {@snippet :
 * try {
 *     return Concurrent.race(List.of(() -> fetch(mirrorA), () -> fetch(mirrorB)));
 * } catch (AllFailed e) {
 *     for (Throwable cause : e.getSuppressed()) log.warn("mirror failed", cause);
 *     throw e;
 * }
 * }
 */
public class AllFailed extends RuntimeException {
    /** Creates the exception; the caller attaches the individual failures as suppressed. */
    public AllFailed(String message) {
        super(message);
    }
}
