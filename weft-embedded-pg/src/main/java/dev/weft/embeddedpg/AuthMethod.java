package dev.weft.embeddedpg;

/**
 * How the server authenticates a configured user: the method written on that user's {@code pg_hba.conf}
 * line. Also decides how the password is stored ({@link #MD5} stores an MD5 hash so that the server
 * really runs the MD5 exchange; every other method stores a SCRAM-SHA-256 verifier). Immutable.
 */
public enum AuthMethod {
    /** No password: anyone who names the user gets in. */
    TRUST("trust"),
    /** The MD5 challenge-response exchange (deprecated by PostgreSQL, still what old clients meet). */
    MD5("md5"),
    /** SCRAM-SHA-256, PostgreSQL's default and the one to prefer. */
    SCRAM_SHA_256("scram-sha-256"),
    /** The password in clear text on the wire (the {@code password} method); only sane over TLS. */
    PASSWORD("password"),
    /** A TLS client certificate whose common name is the user name; always TLS-only. */
    CERT("cert");

    private final String hbaKeyword;

    AuthMethod(String hbaKeyword) {
        this.hbaKeyword = hbaKeyword;
    }

    /** The method's keyword in {@code pg_hba.conf}, for example {@code scram-sha-256}. */
    public String hbaKeyword() {
        return hbaKeyword;
    }

    /** Whether a user with this method must be given a password. */
    public boolean needsPassword() {
        return this == MD5 || this == SCRAM_SHA_256 || this == PASSWORD;
    }
}
