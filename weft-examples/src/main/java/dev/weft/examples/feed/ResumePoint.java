package dev.weft.examples.feed;

import dev.weft.http.server.Request;

/**
 * Where a client asks its feed to start: after the change-log id in its {@code Last-Event-ID} header (what
 * a browser's {@code EventSource} sends when it reconnects) or its {@code after} query parameter (what a
 * browser's {@code WebSocket}, which cannot set headers, uses); from now on when it gives neither.
 */
final class ResumePoint {
    /** No position given: the feed starts from now. */
    static final long NOW = -1;

    private ResumePoint() {
    }

    /**
     * The id to resume after, or {@link #NOW}.
     *
     * @throws IllegalArgumentException naming the value when it is not a change-log id
     */
    static long of(Request request) {
        String query = request.queryParam("after");
        String value = query != null ? query : request.header("Last-Event-ID");
        if (value == null || value.isEmpty()) {
            return NOW;
        }
        String source = query != null ? "after" : "Last-Event-ID";
        long id;
        try {
            id = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " is not a change id: \"" + abbreviated(value) + "\"");
        }
        if (id < 0) {
            throw new IllegalArgumentException(source + " is negative: " + id);
        }
        return id;
    }

    private static String abbreviated(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
