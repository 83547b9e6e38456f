package dev.weft.http.server;

/**
 * Which headers a trusted reverse proxy uses to say who its client was; the other kind is ignored,
 * so a proxy that passes a client's header of the other kind through untouched cannot be fooled by it.
 * Only peers listed in {@link ServerConfig#trustedProxies()} are believed, whichever the kind.
 *
 * {@snippet :
 * var config = ServerConfig.builder()
 *         .trustedProxies(List.of("10.0.0.0/8"))
 *         .forwardedHeaders(ForwardedHeaders.FORWARDED)
 *         .build();
 * }
 */
public enum ForwardedHeaders {
    /**
     * {@code X-Forwarded-For}, {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}, as nginx, HAProxy
     * and most cloud load balancers send them (the default).
     */
    X_FORWARDED,
    /** RFC 7239 {@code Forwarded}: {@code for}, {@code proto} and {@code host} per hop. */
    FORWARDED
}
