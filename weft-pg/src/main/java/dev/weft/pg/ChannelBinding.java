package dev.weft.pg;

import java.util.Locale;

/**
 * libpq's {@code channel_binding}: whether SCRAM authentication is bound to the TLS channel
 * (SCRAM-SHA-256-PLUS, {@code tls-server-end-point}). The default, as in libpq, is {@link #PREFER}.
 */
public enum ChannelBinding {
    /** Never bind, even when the server offers it. */
    DISABLE,
    /** Bind when the connection is TLS and the server offers SCRAM-SHA-256-PLUS. */
    PREFER,
    /** Fail unless the server is authenticated by SCRAM-SHA-256-PLUS over TLS. */
    REQUIRE;

    /** Parses libpq's spelling ({@code require}, ...). */
    public static ChannelBinding parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid channel_binding: " + value + " (expected disable, prefer or require)");
        }
    }
}
