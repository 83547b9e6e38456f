package dev.weft.examples.feed;

/** Where {@link FeedHub#stream} writes one client's feed: an SSE stream or a WebSocket. */
interface FeedSink {
    /** Tells the client it is subscribed, from {@code position} on (the page loads its list after this). */
    void ready(long position);

    /** Sends one change; blocks while the client is slow, which holds up no one else. */
    void send(FeedEvent event);

    /** Tells the client it was dropped (if it can still hear it) and ends the connection. */
    void dropped(String reason);

    /** Whether the client and the server are still there. */
    boolean isOpen();
}
