package dev.weft.http.server;

/**
 * Where an {@link EventSource} sends Server-Sent Events. Each call writes and flushes at once.
 * Thread-safe: several threads may send, and the server's heartbeat comments interleave safely.
 * A send to a client that went away throws {@link java.io.UncheckedIOException}.
 */
public interface EventSink {
    /** Sends an event with only a {@code data} field. */
    void send(String data);

    /** Sends {@code event} (id, event type, data lines, retry). */
    void send(ServerEvent event);

    /** Sends a comment line, ignored by clients; used as a keep-alive. */
    void comment(String text);

    /** Whether the stream is still writable (false once the client is gone or the server shuts down). */
    boolean isOpen();
}
