/**
 * Security for Weft services, one package per feature: sessions ({@code dev.weft.security.session}),
 * CSRF protection ({@code dev.weft.security.csrf}), JWT bearer authentication
 * ({@code dev.weft.security.jwt}), password hashing ({@code dev.weft.security.password}) and rate
 * limiting ({@code dev.weft.security.ratelimit}). Cryptography comes from well-kept libraries
 * (the JDK, nimbus-jose-jwt, Bouncy Castle); weft-api and weft-pg are optional, needed only by the
 * parts that use them.
 */
module dev.weft.security {
    requires transitive dev.weft.http;
    requires dev.weft.core;
    requires static dev.weft.api;
    requires static transitive dev.weft.pg;
    requires com.nimbusds.jose.jwt;
    requires org.bouncycastle.provider;

    // exports: one line per feature package, added with its first public type (session, csrf, jwt, password, ratelimit)
    exports dev.weft.security.password;
    exports dev.weft.security.ratelimit;
}
