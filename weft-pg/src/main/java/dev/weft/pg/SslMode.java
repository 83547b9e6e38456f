package dev.weft.pg;

import java.util.Locale;

/**
 * libpq's {@code sslmode}: whether TLS is used and how much of the server's certificate is checked.
 * The default, as in libpq, is {@link #PREFER}.
 */
public enum SslMode {
    /** Plain TCP only. */
    DISABLE,
    /** Plain first; TLS only if the server refuses plain. */
    ALLOW,
    /** TLS if the server offers it, else plain; the certificate is not checked. */
    PREFER,
    /** TLS or fail; the certificate is not checked (unless {@code sslrootcert} is given, as libpq does). */
    REQUIRE,
    /** TLS or fail; the certificate chain must lead to a trusted CA. */
    VERIFY_CA,
    /** As {@link #VERIFY_CA}, and the certificate must name the host connected to. */
    VERIFY_FULL;

    /** Parses libpq's spelling ({@code verify-full}, ...). */
    public static SslMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid sslmode: " + value
                    + " (expected disable, allow, prefer, require, verify-ca or verify-full)");
        }
    }

    /** Whether the certificate chain is checked against trusted CAs. */
    public boolean verifiesChain() {
        return this == VERIFY_CA || this == VERIFY_FULL;
    }
}
