package dev.weft.http.client;

import java.time.Duration;

/**
 * Turns the lines of a {@code text/event-stream} into {@link SseEvent}s, following the HTML standard's
 * interpretation rules: comments and unknown fields ignored, one optional space after the colon
 * stripped, data lines joined, an event dispatched at a blank line only if it has data, an {@code id}
 * containing NUL ignored, the last event ID kept across events. No I/O. Not thread-safe.
 */
final class EventStreamParser {
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String type = "";
    private String lastId = "";
    private Duration retry;

    /** Feeds one line (without its line ending); returns the event it completes, or null. */
    SseEvent line(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.charAt(0) == ':') {
            return null;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + (colon + 1 < line.length() && line.charAt(colon + 1) == ' ' ? 2 : 1));
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> type = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9') && value.length() < 19) {
                    retry = Duration.ofMillis(Long.parseLong(value));
                }
            }
            default -> {
                // unknown fields are ignored, as the standard says
            }
        }
        return null;
    }

    private SseEvent dispatch() {
        SseEvent event = hasData ? new SseEvent(lastId, type.isEmpty() ? "message" : type, data.toString(), retry) : null;
        data.setLength(0);
        hasData = false;
        type = "";
        retry = null;
        return event;
    }
}
