package dev.weft.examples.fetch;

import java.net.URI;
import java.time.Duration;

/**
 * How fetching one URL ended: the status and size of the last response, or the error of the last
 * attempt, with the time all attempts took.
 *
 * @param status   the HTTP status, or 0 when no response arrived
 * @param error    null when a response arrived, otherwise what went wrong
 * @param attempts how many requests were sent
 */
public record FetchResult(URI url, int status, long bytes, Duration elapsed, int attempts, String error) {

    /** A response arrived and its status is below 400. */
    public boolean ok() {
        return error == null && status < 400;
    }
}
