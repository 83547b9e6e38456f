package dev.weft.http.client;

import dev.weft.http.codec.FieldSyntax;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One request to send with {@link HttpClient#request}: method, URL (absolute, or relative to the
 * client's base URL), headers, query parameters and an optional body. Immutable and thread-safe
 * (a {@linkplain RequestBody#stream stream} body is still sent only once).
 *
 * {@snippet :
 * try (var response = client.request(ClientRequest.builder("GET", "/search")
 *         .query("q", "virtual threads")
 *         .header("Accept", "application/json")
 *         .bearerAuth(token)
 *         .build())) {
 *     return response.json(SearchResult.class);
 * }
 * }
 *
 * @param method  the method token, such as {@code GET}
 * @param url     the URL, absolute or relative to the base URL; query parameters already appended
 * @param headers the request's own headers, which replace the client's defaults of the same name
 * @param body    the body, or null for none
 */
public record ClientRequest(String method, String url, List<Map.Entry<String, String>> headers, RequestBody body) {
    /** Validates the method and header names/values and copies the header list. */
    public ClientRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        if (!FieldSyntax.isToken(method)) {
            throw new IllegalArgumentException("method is not an HTTP token: \"" + method + "\"");
        }
        headers = List.copyOf(headers);
        for (Map.Entry<String, String> header : headers) {
            FieldSyntax.checkField(header.getKey(), header.getValue());
        }
    }

    /** A builder for a request with {@code method} to {@code url}. */
    public static Builder builder(String method, String url) {
        return new Builder(method, url);
    }

    /** The first value of the request's own header {@code name} (case-insensitive), or null. */
    public String header(String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    /** The value of an {@code Authorization} header for HTTP Basic (RFC 7617, UTF-8). */
    static String basic(String user, String password) {
        if (user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("user name contains ':': \"" + user + "\"");
        }
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Builds a {@link ClientRequest}; not thread-safe. */
    public static final class Builder {
        private final String method;
        private final StringBuilder url;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private boolean hasQuery;
        private RequestBody body;

        private Builder(String method, String url) {
            this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
            int fragment = Objects.requireNonNull(url, "url").indexOf('#');
            this.url = new StringBuilder(fragment < 0 ? url : url.substring(0, fragment));
            this.hasQuery = this.url.indexOf("?") >= 0;
        }

        /** Adds a header; call again to send a name several times. */
        public Builder header(String name, String value) {
            FieldSyntax.checkField(name, value);
            headers.add(Map.entry(name, value));
            return this;
        }

        /** Appends a query parameter, percent-encoded (UTF-8, form style). */
        public Builder query(String name, String value) {
            url.append(hasQuery ? '&' : '?').append(RequestBody.encode(name)).append('=')
                    .append(RequestBody.encode(value));
            hasQuery = true;
            return this;
        }

        /** Appends every parameter of {@code parameters}, in the map's order. */
        public Builder query(Map<String, String> parameters) {
            parameters.forEach(this::query);
            return this;
        }

        /** Sends HTTP Basic credentials, replacing the client's default {@code Authorization}. */
        public Builder basicAuth(String user, String password) {
            return header("Authorization", basic(user, password));
        }

        /** Sends a bearer token (RFC 6750), replacing the client's default {@code Authorization}. */
        public Builder bearerAuth(String token) {
            return header("Authorization", "Bearer " + token);
        }

        /** The body; its content type is sent unless a {@code Content-Type} header is set. */
        public Builder body(RequestBody body) {
            this.body = body;
            return this;
        }

        /**
         * The request.
         *
         * @throws IllegalArgumentException naming the first invalid value
         */
        public ClientRequest build() {
            return new ClientRequest(method, url.toString(), headers, body);
        }
    }

    /** Resolves {@code url} against {@code base} (which may be null); only http, https, ws and wss. */
    static URI resolve(URI base, String url) {
        URI uri;
        try {
            uri = base == null ? new URI(url) : base.resolve(new URI(url));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("invalid URL \"" + url + "\": " + e.getReason(), e);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !List.of("http", "https", "ws", "wss").contains(scheme) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an absolute http(s) URL: \"" + uri + "\"");
        }
        return uri;
    }
}
