package dev.weft.http.server;

import java.time.Duration;
import java.util.Objects;

/**
 * One Server-Sent Event (WHATWG HTML, "server-sent events"). Immutable.
 *
 * @param id    the {@code id} field (the client's {@code Last-Event-ID} on reconnect), or null
 * @param event the {@code event} type, or null for {@code message}
 * @param data  the data; each line becomes a {@code data:} line
 * @param retry the reconnection delay the client should use, or null
 */
public record ServerEvent(String id, String event, String data, Duration retry) {
    /** Validates the components; a bad one throws {@link IllegalArgumentException} naming its value. */
    public ServerEvent {
        Objects.requireNonNull(data, "data");
        if (id != null && (id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0 || id.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("event id with a line break or NUL: " + id);
        }
        if (event != null && (event.indexOf('\n') >= 0 || event.indexOf('\r') >= 0)) {
            throw new IllegalArgumentException("event type with a line break: " + event);
        }
        if (retry != null && retry.isNegative()) {
            throw new IllegalArgumentException("retry < 0: " + retry);
        }
    }

    /** An event with only data. */
    public static ServerEvent of(String data) {
        return new ServerEvent(null, null, data, null);
    }

    /** This event with an id. */
    public ServerEvent withId(String newId) {
        return new ServerEvent(newId, event, data, retry);
    }

    /** This event with an event type. */
    public ServerEvent withEvent(String newEvent) {
        return new ServerEvent(id, newEvent, data, retry);
    }

    /** This event with a retry delay. */
    public ServerEvent withRetry(Duration newRetry) {
        return new ServerEvent(id, event, data, newRetry);
    }
}
