package dev.weft.pg;

import java.util.Locale;

/**
 * libpq's {@code target_session_attrs}: which kind of server among several hosts is acceptable. Hosts
 * are tried in order (or shuffled, with {@code load_balance_hosts=random}) and the first that matches is used.
 */
public enum TargetSessionAttrs {
    /** Any server. */
    ANY,
    /** A server accepting writes. */
    READ_WRITE,
    /** A server in read-only mode. */
    READ_ONLY,
    /** A primary (not in recovery). */
    PRIMARY,
    /** A standby (in recovery). */
    STANDBY,
    /** A standby if one is reachable, else any. */
    PREFER_STANDBY;

    /** Parses libpq's spelling ({@code read-write}, ...). */
    public static TargetSessionAttrs parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid target_session_attrs: " + value);
        }
    }
}
