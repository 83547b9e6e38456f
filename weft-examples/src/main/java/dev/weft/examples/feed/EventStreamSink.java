package dev.weft.examples.feed;

import dev.weft.http.server.EventSink;
import dev.weft.http.server.ServerEvent;

/**
 * The feed as Server-Sent Events: each change is a {@code message} whose {@code id} is its change-log id,
 * so a reconnecting {@code EventSource} resumes by itself; {@code ready} and {@code dropped} are events of
 * their own type, which {@code onmessage} does not see.
 */
final class EventStreamSink implements FeedSink {
    private final EventSink sink;

    EventStreamSink(EventSink sink) {
        this.sink = sink;
    }

    @Override
    public void ready(long position) {
        sink.send(new ServerEvent(Long.toString(position), "ready", "{\"kind\":\"ready\",\"id\":" + position + "}", null));
    }

    @Override
    public void send(FeedEvent event) {
        sink.send(new ServerEvent(Long.toString(event.id()), null, event.json(), null));
    }

    @Override
    public void dropped(String reason) {
        // The stream then ends, and the route's "Connection: close" closes the connection.
        sink.send(ServerEvent.of(reason).withEvent("dropped"));
    }

    @Override
    public boolean isOpen() {
        return sink.isOpen();
    }
}
