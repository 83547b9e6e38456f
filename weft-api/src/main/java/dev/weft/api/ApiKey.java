package dev.weft.api;

import java.util.Objects;

/**
 * An API key sent in a header, a query parameter or a cookie, given by {@link SecurityScheme#apiKey}.
 * Immutable; its string form hides the key.
 *
 * {@snippet :
 * @Get("/reports") List<Report> reports(ApiKey key) { return reports.forKey(key.value()); }
 * }
 *
 * @param value the key as sent
 */
public record ApiKey(String value) {
    /** Checks that the key is present. */
    public ApiKey {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "ApiKey[***]";
    }
}
