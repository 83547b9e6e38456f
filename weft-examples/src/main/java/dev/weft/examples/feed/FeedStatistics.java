package dev.weft.examples.feed;

/**
 * A snapshot of a {@link FeedHub}'s counters. Immutable.
 *
 * {@snippet :
 * FeedStatistics now = hub.statistics();
 * log.info(now.clients() + " feed clients, " + now.dropped() + " dropped as too slow");
 * }
 *
 * @param position the last change-log id the hub has fanned out
 * @param clients  clients connected now
 * @param dropped  clients dropped so far because their queue was full
 * @param gaps     times the LISTEN connection was lost (or fell behind) and the hub caught up from the table
 */
public record FeedStatistics(long position, int clients, long dropped, long gaps) {
}
