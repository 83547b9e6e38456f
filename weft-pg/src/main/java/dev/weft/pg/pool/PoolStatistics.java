package dev.weft.pg.pool;

/**
 * A snapshot of a {@link PgPool}'s counters, taken under the pool's lock so that the figures agree:
 * {@code size == idle + inUse}. Immutable.
 *
 * {@snippet :
 * PoolStatistics s = pool.statistics();
 * log.info("pool {} / {} in use, {} waiting, {} timeouts", s.inUse(), s.size(), s.waiting(), s.timeouts());
 * }
 *
 * @param size          open connections (not counting the LISTEN connection)
 * @param idle          open connections nobody is using
 * @param inUse         open connections borrowed exclusively or carrying shared (pipelined) calls
 * @param waiting       callers waiting for a connection
 * @param totalAcquired connections handed out since the pool opened (exclusive and shared)
 * @param timeouts      acquires that ended without a connection (timeout, deadline, full waiter queue)
 * @param created       connections opened since the pool opened
 * @param closed        connections closed since the pool opened (expired, broken, failed reset, pool closed)
 */
public record PoolStatistics(int size, int idle, int inUse, int waiting, long totalAcquired, long timeouts,
                             long created, long closed) {
    /** Rejects negative figures and a size that is not {@code idle + inUse}. */
    public PoolStatistics {
        if (size < 0 || idle < 0 || inUse < 0 || waiting < 0 || totalAcquired < 0 || timeouts < 0 || created < 0 || closed < 0) {
            throw new IllegalArgumentException("negative figure: size=" + size + " idle=" + idle + " inUse=" + inUse
                    + " waiting=" + waiting + " totalAcquired=" + totalAcquired + " timeouts=" + timeouts
                    + " created=" + created + " closed=" + closed);
        }
        if (size != idle + inUse) {
            throw new IllegalArgumentException("size " + size + " != idle " + idle + " + inUse " + inUse);
        }
    }
}
