package dev.weft.http.client;

import java.time.Duration;
import java.util.Objects;

/**
 * One Server-Sent Event read from a {@code text/event-stream} response by {@link ClientResponse#events()}
 * (the HTML standard's event stream format). Immutable.
 *
 * {@snippet :
 * try (var events = client.get("http://localhost:8080/ticks").events()) {
 *     events.limit(3).forEach(event -> System.out.println(event.id() + ": " + event.data()));
 * }
 * }
 *
 * @param id    the last event ID seen so far in the stream (what to send back as {@code Last-Event-ID}),
 *              empty when none
 * @param event the event type, {@code "message"} when the server named none
 * @param data  the data lines joined with {@code \n}
 * @param retry the reconnection time the server asked for in this event, or null
 */
public record SseEvent(String id, String event, String data, Duration retry) {
    /** Validates that the strings are present. */
    public SseEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }
}
