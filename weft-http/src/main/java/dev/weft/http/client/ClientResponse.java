package dev.weft.http.client;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A response received by {@link HttpClient} (aiohttp's {@code ClientResponse}): status and headers at
 * once, the body read on demand, once, by one of {@link #bytes()}, {@link #text()}, {@link #json(Class)},
 * {@link #body()} or {@link #lines()}. Reading the whole body gives the connection back to the pool;
 * {@link #close()} before that closes the connection. A response dropped without either is reported
 * as a leak through the {@code dev.weft.http.client} logger, with where it was created.
 *
 * <p>Not thread-safe: one thread reads the body. Status, headers, URL and history may be read from
 * any thread, also after {@code close()}.
 *
 * {@snippet :
 * try (ClientResponse response = client.get("https://api.example.com/users/7")) {
 *     if (response.status() == 200) {
 *         User user = response.json(User.class);
 *     }
 * }
 * }
 */
public interface ClientResponse extends AutoCloseable {
    /** The status code. */
    int status();

    /** The reason phrase, possibly empty. */
    String reason();

    /** The URL that answered (after redirects). */
    URI url();

    /** The first value of header {@code name} (case-insensitive), or null. */
    String header(String name);

    /** Every value of header {@code name} (case-insensitive), in order; empty when absent. */
    List<String> headers(String name);

    /** Every header field in order, as name/value pairs. */
    List<Map.Entry<String, String>> headers();

    /** The {@code Content-Type} media type without parameters, lower-cased, or null when absent. */
    String contentType();

    /** The charset of {@code Content-Type}, or UTF-8 when it names none (or an unknown one). */
    Charset charset();

    /** The redirect responses followed to reach this one, oldest first; closed, without bodies. */
    List<ClientResponse> history();

    /**
     * The whole body (decompressed when gzip or deflate encoded), then closes the response.
     *
     * @throws InvalidResponse when the body is malformed, cut short, or larger than {@code maxBodySize}
     * @throws IllegalStateException when the body was already taken
     */
    byte[] bytes();

    /** The whole body decoded with {@link #charset()}; see {@link #bytes()}. */
    String text();

    /**
     * The body parsed as JSON into {@code type} by Jackson; see {@link #bytes()}.
     *
     * @throws InvalidResponse when the body is not JSON of that shape
     */
    <T> T json(Class<T> type);

    /**
     * The body as a stream, decompressed, not bounded by {@code maxBodySize}; closing it closes the
     * response. Reads block, bounded by the read and total timeouts and the caller's deadline.
     *
     * @throws IllegalStateException when the body was already taken
     */
    InputStream body();

    /** The body's lines decoded with {@link #charset()}; closing the stream closes the response. */
    Stream<String> lines();

    /**
     * The body read as a Server-Sent Events stream ({@code text/event-stream}, UTF-8), event by event as
     * they arrive; the stream ends when the server ends the body. Closing the stream closes the response.
     *
     * @throws IllegalStateException when the body was already taken
     */
    Stream<SseEvent> events();

    /**
     * Throws {@link ClientResponseError} (after closing this response) when the status is 400 or more.
     *
     * @return this response, for chaining
     */
    ClientResponse raiseForStatus();

    /**
     * Releases the connection: back to the pool when the body was read to the end, else closed.
     * Idempotent; never throws.
     */
    @Override
    void close();
}
