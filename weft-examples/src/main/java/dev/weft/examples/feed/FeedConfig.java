package dev.weft.examples.feed;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of the live feed. Immutable.
 *
 * {@snippet :
 * var config = FeedConfig.defaults().withQueueCapacity(64);   // drop a client 64 changes behind
 * }
 *
 * @param queueCapacity changes that may wait for one client; one more and the client is dropped
 *                      (WebSocket: closed with 1013; SSE: a {@code dropped} event, then the connection
 *                      closes), so a slow client never holds more than this in memory
 * @param replayBatch   change-log rows read at once when a client resumes or the feed catches up
 * @param pollInterval  how often an idle stream looks whether its client or the server is still there
 *                      (an SSE stream learns of shutdown only by looking)
 * @param heartbeat     how often an idle SSE stream sends a comment, so proxies keep it open
 */
public record FeedConfig(int queueCapacity, int replayBatch, Duration pollInterval, Duration heartbeat) {
    private static final FeedConfig DEFAULTS = new FeedConfig(256, 500, Duration.ofSeconds(1), Duration.ofSeconds(15));

    /** Validates each limit; a bad one throws {@link IllegalArgumentException} naming its value. */
    public FeedConfig {
        if (queueCapacity <= 0) {
            throw new IllegalArgumentException("queueCapacity <= 0: " + queueCapacity);
        }
        if (replayBatch <= 0) {
            throw new IllegalArgumentException("replayBatch <= 0: " + replayBatch);
        }
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval <= 0: " + pollInterval);
        }
        if (heartbeat.isNegative()) {
            throw new IllegalArgumentException("heartbeat < 0: " + heartbeat);
        }
    }

    /** 256 queued changes per client, replay in batches of 500, a look every second, a heartbeat every 15 s. */
    public static FeedConfig defaults() {
        return DEFAULTS;
    }

    /** These limits with another queue capacity. */
    public FeedConfig withQueueCapacity(int changes) {
        return new FeedConfig(changes, replayBatch, pollInterval, heartbeat);
    }

    /** These limits with another replay batch. */
    public FeedConfig withReplayBatch(int rows) {
        return new FeedConfig(queueCapacity, rows, pollInterval, heartbeat);
    }
}
