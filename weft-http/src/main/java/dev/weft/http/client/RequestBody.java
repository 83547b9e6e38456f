package dev.weft.http.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The body of a request: bytes known in advance (sent with {@code Content-Length}, and sent again on
 * a retry or a 307/308 redirect) or a stream (sent chunked, once). Immutable and thread-safe, except
 * that a stream body reads its {@code InputStream}, so it is sent once.
 *
 * {@snippet :
 * client.post("http://localhost:8080/users", RequestBody.json(new NewUser("Ada", 36)));
 * client.post(url, RequestBody.form(Map.of("q", "weft")));
 * client.put(url, RequestBody.stream(Files.newInputStream(path), "application/octet-stream"));
 * }
 */
public final class RequestBody {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final String contentType;
    private final byte[] bytes;
    private final InputStream stream;
    /** A value still to be serialized as JSON by the client's mapper, or null. */
    private final JsonValue json;

    /** Wraps the value, which may itself be null (sent as JSON {@code null}). */
    private record JsonValue(Object value) {
    }

    private RequestBody(String contentType, byte[] bytes, InputStream stream, JsonValue json) {
        this.contentType = contentType;
        this.bytes = bytes;
        this.stream = stream;
        this.json = json;
    }

    /** A body of {@code data} (not copied: do not modify it afterwards) with {@code contentType}. */
    public static RequestBody bytes(byte[] data, String contentType) {
        return new RequestBody(Objects.requireNonNull(contentType, "contentType"),
                Objects.requireNonNull(data, "data"), null, null);
    }

    /** A UTF-8 {@code text/plain} body. */
    public static RequestBody text(String text) {
        return text(text, "text/plain; charset=utf-8");
    }

    /** A UTF-8 body with {@code contentType} (which should name the charset). */
    public static RequestBody text(String text, String contentType) {
        return bytes(text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    /**
     * {@code value} as JSON ({@code application/json}), serialized when a client sends it, by the
     * client's {@link HttpClient.Builder#objectMapper(ObjectMapper) ObjectMapper} (its modules and
     * naming strategy apply); interceptors already see the serialized bytes. Not copied: do not modify
     * {@code value} until the request is sent.
     *
     * @throws IllegalArgumentException when sent, if Jackson cannot serialize it
     */
    public static RequestBody json(Object value) {
        return new RequestBody("application/json", null, null, new JsonValue(value));
    }

    /** An {@code application/x-www-form-urlencoded} body of single-valued fields, in the map's order. */
    public static RequestBody form(Map<String, String> fields) {
        StringJoiner joined = new StringJoiner("&");
        fields.forEach((name, value) -> joined.add(encode(name) + "=" + encode(value)));
        return bytes(joined.toString().getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded");
    }

    /** An {@code application/x-www-form-urlencoded} body of name/value pairs, names repeatable. */
    public static RequestBody form(List<Map.Entry<String, String>> fields) {
        StringJoiner joined = new StringJoiner("&");
        fields.forEach(field -> joined.add(encode(field.getKey()) + "=" + encode(field.getValue())));
        return bytes(joined.toString().getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded");
    }

    /**
     * A body read from {@code in} while the request is sent, with the chunked transfer coding; the
     * client closes {@code in} once sent. It cannot be sent twice: a request with it is not retried.
     */
    public static RequestBody stream(InputStream in, String contentType) {
        return new RequestBody(Objects.requireNonNull(contentType, "contentType"), null,
                Objects.requireNonNull(in, "in"), null);
    }

    /** The {@code Content-Type} sent with the body. */
    public String contentType() {
        return contentType;
    }

    /**
     * The length sent as {@code Content-Length}; -1 for a stream (sent chunked), and for a JSON body
     * that no client has serialized yet.
     */
    public long contentLength() {
        return bytes == null ? -1 : bytes.length;
    }

    /** Whether the body can be sent again (a retry, a 307/308 redirect): true unless it is a stream. */
    public boolean replayable() {
        return stream == null;
    }

    /** This body, or for a JSON one a bytes body serialized by {@code mapper}. */
    RequestBody serializedWith(ObjectMapper mapper) {
        if (json == null) {
            return this;
        }
        try {
            return bytes(mapper.writeValueAsBytes(json.value()), contentType);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + json.value().getClass().getName() + " to JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Writes the body, chunk-framed for a stream; {@code out} is the connection's buffered output. */
    void writeTo(OutputStream out) throws IOException {
        if (json != null) {
            throw new IllegalStateException("a JSON body is serialized by the client before it is written");
        }
        if (bytes != null) {
            out.write(bytes);
            return;
        }
        try (InputStream in = stream) {
            byte[] chunk = new byte[16 * 1024];
            for (int n; (n = in.read(chunk)) >= 0; ) {
                if (n > 0) {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk, 0, n);
                    out.write(CRLF);
                }
            }
        }
        out.write(LAST_CHUNK);
    }
}
