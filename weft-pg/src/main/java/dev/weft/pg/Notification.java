package dev.weft.pg;

/**
 * A NOTIFY delivered to a connection that LISTENs on {@code channel}. Immutable.
 *
 * {@snippet :
 * conn.onNotification(n -> System.out.println(n.channel() + ": " + n.payload()));
 * conn.execute("LISTEN events");
 * }
 *
 * @param processId the backend process id of the notifying session
 * @param channel   the channel name
 * @param payload   the payload, possibly empty
 */
public record Notification(int processId, String channel, String payload) {
}
