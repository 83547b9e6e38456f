package dev.weft.core;

/**
 * The unchecked exception a {@link Channel} throws when it is used after {@link Channel#close()}: a
 * send on a closed channel, or a receive once the channel is closed and drained (Trio's
 * {@code ClosedResourceError} and {@code EndOfChannel}).
 *
 * {@snippet :
 * try {
 *     while (true) handle(channel.receive());
 * } catch (ChannelClosed end) {
 *     // every item was received
 * }
 * }
 */
public class ChannelClosed extends IllegalStateException {
    /** Creates the exception with a message saying which operation met the closed channel. */
    public ChannelClosed(String message) {
        super(message);
    }
}
