package dev.weft.examples.feed;

import dev.weft.core.TaskGroup;
import dev.weft.http.server.BadRequest;
import dev.weft.http.server.Request;
import dev.weft.http.server.Response;
import dev.weft.http.server.WebApp;
import dev.weft.http.websocket.CloseStatus;
import dev.weft.http.websocket.WebSocket;
import dev.weft.http.websocket.WebSocketClosed;
import dev.weft.http.websocket.WebSocketMessage;
import dev.weft.pg.pool.PgPool;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live feed's routes: {@code GET /events} (Server-Sent Events) and {@code /ws/events} (WebSocket),
 * both streaming every change to the users as JSON, resumable from a change-log id. The routes are
 * mounted when the app is built; the {@link FeedHub} behind them is opened by {@link #start} once the
 * pool is, in the app's startup. Thread-safe.
 *
 * {@snippet :
 * var feed = new LiveFeed(FeedConfig.defaults());
 * feed.mountOn(app.cleanupContext(started -> feed.start(pool)));
 * // curl -N -H 'Last-Event-ID: 41' http://localhost:8080/events   replays 42, 43 ... then follows
 * }
 */
public final class LiveFeed {
    private final FeedConfig config;
    private final AtomicReference<FeedHub> hub = new AtomicReference<>();

    /** A feed with these limits; nothing runs until {@link #start}. */
    public LiveFeed(FeedConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Opens the hub on {@code pool}; closing what it returns stops it (before the pool closes). */
    public FeedHub start(PgPool pool) {
        FeedHub opened = FeedHub.open(pool, config);
        if (!hub.compareAndSet(null, opened)) {
            opened.close();
            throw new IllegalStateException("the feed was already started");
        }
        return opened;
    }

    /** Adds {@code GET /events} and the WebSocket {@code /ws/events} to {@code app}. */
    public WebApp mountOn(WebApp app) {
        return app.get("/events", this::events).websocket("/ws/events", this::websocket);
    }

    private Response events(Request request) {
        long after;
        try {
            after = ResumePoint.of(request);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        FeedHub feed = hub();
        return Response.events(config.heartbeat(), sink -> {
            // An SSE stream cannot be closed from outside while a write is stuck: it notices the drop itself.
            try (FeedClient client = feed.subscribe(reason -> { })) {
                feed.stream(client, after, new EventStreamSink(sink));
            }
        }).header("Connection", "close"); // a dropped client's connection ends with its stream
    }

    private void websocket(Request request, WebSocket ws) {
        long after;
        try {
            after = ResumePoint.of(request);
        } catch (IllegalArgumentException e) {
            // A close reason holds 123 bytes: the value itself stays out of it.
            ws.close(CloseStatus.POLICY_VIOLATION, "after and Last-Event-ID must be a change id (a number >= 0)");
            return;
        }
        FeedHub feed = hub();
        // Closing from the hub's task ends a send stuck on a stalled client (after the close timeout).
        try (FeedClient client = feed.subscribe(reason -> ws.close(CloseStatus.TRY_AGAIN_LATER, reason))) {
            streamUntilTheClientLeaves(feed, client, after, ws);
        } catch (WebSocketClosed gone) {
            // The client left (or was dropped) in the middle of a send: nobody to tell, nothing to log.
        }
    }

    private static void streamUntilTheClientLeaves(FeedHub feed, FeedClient client, long after, WebSocket ws) {
        TaskGroup.run(group -> {
            group.spawn(() -> {
                try {
                    for (WebSocketMessage ignored : ws) {
                        // The feed takes no input; reading is how the client's leaving is seen.
                    }
                } finally {
                    client.end();
                }
            });
            feed.stream(client, after, new WebSocketSink(ws));
            group.cancel();
        });
    }

    private FeedHub hub() {
        FeedHub opened = hub.get();
        if (opened == null) {
            throw new IllegalStateException("the live feed has not started (the server has not started)");
        }
        return opened;
    }
}
