package dev.weft.security.password;

/**
 * A snapshot of a {@link PasswordHasher}'s work, for metrics and health checks. Immutable.
 *
 * @param running     hashes (and verifications) computing now
 * @param peakRunning the most that ever computed at once; never above the hasher's {@code maxConcurrent}
 * @param refused     calls refused with {@link PasswordHashingBusy} so far
 */
public record HashingStatistics(int running, int peakRunning, long refused) {
}
