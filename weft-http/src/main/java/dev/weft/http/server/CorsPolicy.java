package dev.weft.http.server;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What cross-origin requests the {@link Middlewares#cors CORS middleware} allows (the Fetch standard's
 * CORS protocol). Immutable. Credentials and a wildcard origin cannot go together: browsers refuse
 * {@code Access-Control-Allow-Origin: *} with credentials, so the combination is refused here too.
 *
 * {@snippet :
 * app.use(Middlewares.cors(CorsPolicy.allowOrigins("https://app.example")
 *         .withCredentials(true).withMaxAge(Duration.ofMinutes(10))));
 * }
 *
 * @param origins        allowed origins ({@code "*"} alone allows any)
 * @param methods        methods allowed in preflight answers
 * @param headers        request headers allowed in preflight answers ({@code "*"} echoes what was asked)
 * @param exposedHeaders response headers scripts may read
 * @param credentials    whether cookies and authorization may be sent
 * @param maxAge         how long a preflight answer may be cached
 */
public record CorsPolicy(Set<String> origins, Set<String> methods, Set<String> headers, Set<String> exposedHeaders,
                         boolean credentials, Duration maxAge) {
    /** Validates the components; a bad one throws {@link IllegalArgumentException} naming its value. */
    public CorsPolicy {
        origins = Set.copyOf(origins);
        methods = Set.copyOf(methods);
        headers = Set.copyOf(headers);
        exposedHeaders = Set.copyOf(exposedHeaders);
        Objects.requireNonNull(maxAge, "maxAge");
        if (origins.isEmpty()) {
            throw new IllegalArgumentException("no allowed origins");
        }
        if (credentials && origins.contains("*")) {
            throw new IllegalArgumentException("credentials cannot be allowed for any origin (\"*\"): list the origins");
        }
        for (String origin : origins) {
            if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
                throw new IllegalArgumentException("origin must be scheme://host[:port]: " + origin);
            }
        }
    }

    /** Allows any origin, without credentials, for the usual methods. */
    public static CorsPolicy allowAny() {
        return allowOrigins("*");
    }

    /** Allows {@code origins}, without credentials, for GET, HEAD, POST, PUT, PATCH, DELETE. */
    public static CorsPolicy allowOrigins(String... origins) {
        return new CorsPolicy(Set.of(origins), Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"), Set.of("*"),
                Set.of(), false, Duration.ofMinutes(10));
    }

    /** This policy with the allowed methods. */
    public CorsPolicy withMethods(String... newMethods) {
        return new CorsPolicy(origins, Set.of(newMethods), headers, exposedHeaders, credentials, maxAge);
    }

    /** This policy with the allowed request headers. */
    public CorsPolicy withHeaders(String... newHeaders) {
        return new CorsPolicy(origins, methods, Set.of(newHeaders), exposedHeaders, credentials, maxAge);
    }

    /** This policy with the exposed response headers. */
    public CorsPolicy withExposedHeaders(String... newExposed) {
        return new CorsPolicy(origins, methods, headers, Set.of(newExposed), credentials, maxAge);
    }

    /** This policy with credentials allowed or not. */
    public CorsPolicy withCredentials(boolean allow) {
        return new CorsPolicy(origins, methods, headers, exposedHeaders, allow, maxAge);
    }

    /** This policy with the preflight cache time. */
    public CorsPolicy withMaxAge(Duration newMaxAge) {
        return new CorsPolicy(origins, methods, headers, exposedHeaders, credentials, newMaxAge);
    }

    boolean allows(String origin) {
        return origins.contains("*") || origins.contains(origin);
    }

    List<String> sortedMethods() {
        return methods.stream().sorted().toList();
    }
}
