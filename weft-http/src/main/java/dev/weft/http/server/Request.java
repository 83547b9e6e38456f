package dev.weft.http.server;

import java.io.InputStream;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as a handler sees it (aiohttp's {@code web.Request}). The head is parsed; the body
 * is read on demand, once, as bytes, text, JSON, a form, multipart parts or a stream. Buffered reads
 * ({@link #bytes()}, {@link #text()}, {@link #json}, {@link #form()}) are bounded by the server's
 * {@code clientMaxSize} and throw {@link ContentTooLarge} beyond it. Not thread-safe: use it from the
 * handler's thread (or hand the body to one other thread).
 *
 * {@snippet :
 * app.post("/users/{id}/notes", req -> {
 *     long id = req.pathParamLong("id");
 *     Note note = req.json(Note.class);
 *     return Response.json(201, notes.add(id, note));
 * });
 * }
 */
public interface Request {
    /** The method, e.g. {@code GET}. */
    String method();

    /** The request-target exactly as received ({@code /path?query}). */
    String target();

    /** The percent-decoded path, without the query. */
    String path();

    /** The path as received, still percent-encoded. */
    String rawPath();

    /** The raw query string (without {@code ?}), or the empty string. */
    String rawQuery();

    /** The first decoded value of query parameter {@code name}, or null. */
    String queryParam(String name);

    /** Every decoded value of query parameter {@code name}, in order. */
    List<String> queryParams(String name);

    /** All decoded query parameters, in order of first appearance. */
    Map<String, List<String>> queryParams();

    /** {@code HTTP/1.1} or {@code HTTP/1.0}. */
    String version();

    /** The first value of header {@code name} (case-insensitive), or null. */
    String header(String name);

    /** Every value of header {@code name} (case-insensitive), in order. */
    List<String> headers(String name);

    /** The header fields in order, as name/value pairs. */
    List<Map.Entry<String, String>> headers();

    /** The cookies sent in {@code Cookie} headers (first value wins for a repeated name). */
    Map<String, String> cookies();

    /** The value of cookie {@code name}, or null. */
    String cookie(String name);

    /** The decoded value of path parameter {@code name}; throws {@link IllegalArgumentException} if the route has none. */
    String pathParam(String name);

    /** Path parameter {@code name} as a {@code long}; a non-number answers 400 ({@link BadRequest}). */
    long pathParamLong(String name);

    /** Every path parameter of the matched route. */
    Map<String, String> pathParams();

    /**
     * The client's address: the TCP peer's, or, when the peer is one of the server's
     * {@linkplain ServerConfig#trustedProxies() trusted proxies}, the original client's as its forwarded
     * headers name it (port 0 when they give none). For Unix sockets the peer's, often unnamed. Rate
     * limits and logs key on this.
     */
    SocketAddress remoteAddress();

    /** The address of the TCP peer itself: the reverse proxy's when there is one, whether trusted or not. */
    SocketAddress peerAddress();

    /** Whether the original client spoke https: over TLS, or so said by a trusted proxy. */
    boolean secure();

    /**
     * {@code https} or {@code http} as the original client spoke: the connection's, or a trusted proxy's
     * {@code X-Forwarded-Proto} / {@code Forwarded: proto=}.
     */
    String scheme();

    /**
     * The host the original client asked for: a trusted proxy's {@code X-Forwarded-Host} /
     * {@code Forwarded: host=} when it sent one, else the {@code Host} header (or the authority of an
     * absolute-form target), or null.
     */
    String host();

    /** The {@code Content-Type} without parameters, lower-cased, or null. */
    String contentType();

    /** The charset of {@code Content-Type}, or UTF-8 when absent. */
    Charset charset();

    /** The declared body length, or -1 when unknown (chunked) or absent. */
    long contentLength();

    /** Whether the request declares a body. */
    boolean hasBody();

    /** The whole body, at most {@code clientMaxSize} bytes. */
    byte[] bytes();

    /** The body decoded with {@link #charset()}. */
    String text();

    /** The body parsed as JSON into {@code type}; malformed JSON answers 400. */
    <T> T json(Class<T> type);

    /** The body parsed as a JSON tree ({@code com.fasterxml.jackson.databind.JsonNode}). */
    com.fasterxml.jackson.databind.JsonNode json();

    /**
     * The form fields of an {@code application/x-www-form-urlencoded} or {@code multipart/form-data}
     * body (for multipart, the non-file parts); other content types answer 415.
     */
    Map<String, List<String>> form();

    /** The parts of a {@code multipart/form-data} body, file parts spooled to disk past a threshold. */
    List<Part> multipart();

    /**
     * The body as a stream, not bounded by {@code clientMaxSize} (only by {@code maxStreamedBodySize}).
     * With {@code Expect: 100-continue}, the first read sends {@code 100 Continue}.
     */
    InputStream body();

    /** The value a middleware stored under {@code key}, if any. */
    Optional<Object> attribute(String key);

    /** Stores a value for later middlewares and the handler. */
    void attribute(String key, Object value);

    /** The application that routed this request (for {@link WebApp#url} and app state). */
    WebApp app();

    /**
     * Runs {@code action} once the response to this request has been written out to the client (handed
     * to the socket, not merely buffered), or has failed to be (the client went away), before the
     * connection reads its next request; in process, once the response body has been produced. For work
     * that must not delay the response: start longer work on another thread from it (weft-api's
     * background tasks do). Actions run in order, on the connection's thread; a failing one is logged.
     */
    void afterResponse(Runnable action);
}
