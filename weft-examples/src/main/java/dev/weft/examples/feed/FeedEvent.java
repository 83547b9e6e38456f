package dev.weft.examples.feed;

/**
 * One change as the feed sends it: its change-log id (the SSE {@code id:}, what a client resumes from)
 * and its JSON, built once by PostgreSQL and shared by every client. Immutable.
 *
 * @param id   the change-log id; ids grow in commit order
 * @param json {@code {"id":..,"kind":..,"userId":..,"user":{..},"at":".."}}
 */
record FeedEvent(long id, String json) {
}
