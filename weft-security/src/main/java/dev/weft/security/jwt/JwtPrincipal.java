package dev.weft.security.jwt;

import dev.weft.http.server.Forbidden;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who a verified token names: its subject and every claim, as JSON values ({@code String}, {@code Long}
 * or other {@code Number}, {@code Boolean}, {@code List}, {@code Map}; times in seconds since the
 * epoch), with typed getters and the scopes of {@code scope} (space-separated, RFC 8693) and {@code scp}
 * (a list or a string). Immutable, deeply; tests may build one directly.
 *
 * {@snippet :
 * JwtPrincipal principal = verifier.verify(token);
 * principal.requireScope("orders:write");                    // or 403
 * String email = principal.stringClaim("email").orElseThrow();
 * }
 *
 * @param subject the {@code sub} claim, or null when the token has none
 * @param claims  every claim of the token
 */
public record JwtPrincipal(String subject, Map<String, Object> claims) {
    /** Copies {@code claims} deeply into unmodifiable collections. */
    @SuppressWarnings("unchecked")
    public JwtPrincipal {
        claims = (Map<String, Object>) frozen(Objects.requireNonNull(claims, "claims"));
    }

    private static Object frozen(Object value) {
        return switch (value) {
            case Map<?, ?> map -> {
                var copy = new LinkedHashMap<String, Object>();
                map.forEach((k, v) -> copy.put(String.valueOf(k), frozen(v)));
                yield Collections.unmodifiableMap(copy);
            }
            case List<?> list -> {
                var copy = new ArrayList<>();
                list.forEach(v -> copy.add(frozen(v)));
                yield Collections.unmodifiableList(copy);
            }
            case null, default -> value;
        };
    }

    /** The {@code iss} claim. */
    public Optional<String> issuer() {
        return stringClaim("iss");
    }

    /** The {@code aud} claim as a list (a single string becomes a list of one); empty when absent. */
    public List<String> audience() {
        return stringListClaim("aud");
    }

    /** The {@code exp} claim; empty for a token without expiry. */
    public Optional<Instant> expiresAt() {
        return longClaim("exp").map(Instant::ofEpochSecond);
    }

    /** The claim {@code name} when it is a string. */
    public Optional<String> stringClaim(String name) {
        return claims.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** The claim {@code name} when it is an integral number. */
    public Optional<Long> longClaim(String name) {
        return switch (claims.get(name)) {
            case Long l -> Optional.of(l);
            case Integer i -> Optional.of(i.longValue());
            case null, default -> Optional.empty();
        };
    }

    /** The claim {@code name} when it is a boolean. */
    public Optional<Boolean> booleanClaim(String name) {
        return claims.get(name) instanceof Boolean b ? Optional.of(b) : Optional.empty();
    }

    /** The strings of claim {@code name}: a list's strings, a single string as a list of one; else empty. */
    public List<String> stringListClaim(String name) {
        return switch (claims.get(name)) {
            case String s -> List.of(s);
            case List<?> list -> list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
            case null, default -> List.of();
        };
    }

    /** The scopes granted: the words of {@code scope} and of {@code scp}, in order, without repeats. */
    public Set<String> scopes() {
        var scopes = new LinkedHashSet<String>();
        for (String claim : List.of("scope", "scp")) {
            for (String value : stringListClaim(claim)) {
                for (String word : value.split(" ")) {
                    if (!word.isEmpty()) {
                        scopes.add(word);
                    }
                }
            }
        }
        return Collections.unmodifiableSet(scopes);
    }

    /** Whether {@code scope} was granted. */
    public boolean hasScope(String scope) {
        return scopes().contains(scope);
    }

    /**
     * Checks that {@code scope} was granted.
     *
     * @throws Forbidden (403) naming the missing scope
     */
    public JwtPrincipal requireScope(String scope) {
        if (!hasScope(scope)) {
            throw new Forbidden("scope " + scope + " required");
        }
        return this;
    }
}
