package dev.weft.http.client;

/**
 * A snapshot of an {@link HttpClient}'s connection pool. Immutable.
 *
 * {@snippet :
 * PoolStatistics stats = client.poolStatistics();
 * assert stats.inUse() == 0 : "a response was not closed";
 * }
 *
 * @param open    connections open or being opened, idle ones included
 * @param idle    open connections waiting in the pool for the next request
 * @param waiting requests waiting for a free connection slot
 */
public record PoolStatistics(int open, int idle, int waiting) {
    /** Validates the counts. */
    public PoolStatistics {
        if (open < 0 || idle < 0 || waiting < 0 || idle > open) {
            throw new IllegalArgumentException("inconsistent counts: open " + open + ", idle " + idle
                    + ", waiting " + waiting);
        }
    }

    /** Connections lent to requests or being opened: {@code open - idle}. */
    public int inUse() {
        return open - idle;
    }
}
