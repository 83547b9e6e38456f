package dev.weft.http.websocket;

import dev.weft.http.codec.FieldSyntax;
import dev.weft.http.websocket.protocol.OriginCheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The limits and negotiation choices of a WebSocket endpoint. Immutable and thread-safe; build one with
 * {@link #builder()} or start from {@link #defaults()}.
 *
 * <p>Defaults follow aiohttp: messages up to 4 MiB (larger ones close the socket with 1009), frames up
 * to the message limit, permessage-deflate accepted, no heartbeat, 10 seconds for the peer to answer
 * a close frame, and, as in Python's {@code websockets}, up to 16 received messages queued before the
 * socket stops reading (TCP backpressure). Outgoing, at most 4 MiB may wait to be written to one
 * socket: a peer that stops reading is dropped with {@link CloseStatus#TRY_AGAIN_LATER 1013} instead
 * of pinning the messages sent to it (the server also bounds the total over all its sockets:
 * {@code ServerConfig.maxWebSocketOutboundBytes}).
 *
 * <p>On a server, a handshake whose {@code Origin} is another site's is refused with 403 before any
 * upgrade. Browsers send {@code Origin} with every WebSocket handshake and let no page forge it, and
 * they send this site's cookies whatever page opens the socket: without the check, any page a
 * logged-in user visits could talk to the socket as that user (cross-site WebSocket hijacking). The
 * default admits the page's own origin (scheme, host and port equal to the request's, as resolved
 * through {@code ServerConfig.trustedProxies}) and handshakes with no {@code Origin}: those come from
 * programs, not browsers, and a program can claim any origin anyway, so the check could not stop
 * it. Behind a reverse proxy, list it in {@code ServerConfig.trustedProxies} and have it forward the
 * port: otherwise a browser's {@code https://} origin does not match the plain-http request the proxy
 * makes, and is refused. List the other sites whose pages may connect with
 * {@link Builder#allowedOrigins}; open the
 * socket to every origin ({@link Builder#allowAnyOrigin}) only when it needs no cookie or other
 * ambient credential.
 *
 * {@snippet :
 * var options = WebSocketOptions.builder()
 *         .maxMessageSize(1 << 20)
 *         .subprotocols(List.of("chat.v2", "chat.v1"))
 *         .heartbeat(Duration.ofSeconds(30))
 *         .allowedOrigins(List.of("https://app.example"))
 *         .build();
 * }
 *
 * @param maxMessageSize   the largest message received, in bytes after decompression; more closes with 1009
 * @param maxFrameSize     the largest frame payload received, in bytes; more closes with 1009
 * @param subprotocols     the subprotocols this server speaks; the client's first one listed here is chosen
 * @param deflate          how permessage-deflate is negotiated
 * @param heartbeat        how often to ping the peer; when nothing at all (not even the pong) arrives
 *                         from it before the next ping is due, it is disconnected (status 1006), unless
 *                         its messages are only waiting for the application; {@link Duration#ZERO}
 *                         turns heartbeats off
 * @param closeTimeout     how long to wait for the peer's close frame after sending ours before dropping
 *                         the connection
 * @param receiveQueueSize how many received messages may wait for {@link WebSocket#receive()} before the
 *                         socket stops reading from the network
 * @param maxOutboundBytes how many bytes of sent messages may wait to be written to the peer; a send
 *                         beyond it (while others wait) ends it with {@link WebSocketClosed} and drops
 *                         the connection with 1013. A single message larger than this is still sent
 *                         when nothing else waits
 * @param allowedOrigins   origins besides the request's own whose pages may open the socket, as
 *                         {@code scheme://host[:port]}; stored lower-cased without default ports
 * @param allowAnyOrigin   whether every origin may open the socket (for sockets that need no credentials)
 */
public record WebSocketOptions(int maxMessageSize, int maxFrameSize, List<String> subprotocols,
                               DeflateOptions deflate, Duration heartbeat, Duration closeTimeout,
                               int receiveQueueSize, long maxOutboundBytes, List<String> allowedOrigins,
                               boolean allowAnyOrigin) {
    /** aiohttp's default {@code max_msg_size}. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 4 * 1024 * 1024;

    private static final WebSocketOptions DEFAULTS = new WebSocketOptions(DEFAULT_MAX_MESSAGE_SIZE,
            DEFAULT_MAX_MESSAGE_SIZE, List.of(), DeflateOptions.DEFAULT, Duration.ZERO, Duration.ofSeconds(10), 16,
            DEFAULT_MAX_MESSAGE_SIZE, List.of(), false);

    /** Validates every limit, copies the lists and normalizes the origins. */
    public WebSocketOptions {
        if (maxMessageSize <= 0) {
            throw new IllegalArgumentException("maxMessageSize <= 0: " + maxMessageSize);
        }
        if (maxFrameSize <= 0) {
            throw new IllegalArgumentException("maxFrameSize <= 0: " + maxFrameSize);
        }
        subprotocols = List.copyOf(subprotocols);
        for (String protocol : subprotocols) {
            if (!FieldSyntax.isToken(protocol)) {
                throw new IllegalArgumentException("subprotocol is not an HTTP token: \"" + protocol + "\"");
            }
        }
        Objects.requireNonNull(deflate, "deflate");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (heartbeat.isNegative()) {
            throw new IllegalArgumentException("heartbeat < 0: " + heartbeat);
        }
        if (closeTimeout.isNegative() || closeTimeout.isZero()) {
            throw new IllegalArgumentException("closeTimeout <= 0: " + closeTimeout);
        }
        if (receiveQueueSize <= 0) {
            throw new IllegalArgumentException("receiveQueueSize <= 0: " + receiveQueueSize);
        }
        if (maxOutboundBytes <= 0) {
            throw new IllegalArgumentException("maxOutboundBytes <= 0: " + maxOutboundBytes);
        }
        List<String> origins = new ArrayList<>(allowedOrigins.size());
        for (String origin : allowedOrigins) {
            String normalized = origin == null ? null : OriginCheck.normalize(origin);
            if (normalized == null) {
                throw new IllegalArgumentException("not an origin (http or https://host[:port], no path): \""
                        + origin + "\"");
            }
            origins.add(normalized);
        }
        allowedOrigins = List.copyOf(origins);
    }

    /** The defaults described above. */
    public static WebSocketOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link WebSocketOptions}; not thread-safe. Each setter replaces the value it names. */
    public static final class Builder {
        private int maxMessageSize;
        private int maxFrameSize;
        private boolean maxFrameSizeSet;
        private List<String> subprotocols;
        private DeflateOptions deflate;
        private Duration heartbeat;
        private Duration closeTimeout;
        private int receiveQueueSize;
        private long maxOutboundBytes;
        private List<String> allowedOrigins;
        private boolean allowAnyOrigin;

        private Builder(WebSocketOptions from) {
            maxMessageSize = from.maxMessageSize;
            maxFrameSize = from.maxFrameSize;
            maxFrameSizeSet = from.maxFrameSize != from.maxMessageSize;
            subprotocols = new ArrayList<>(from.subprotocols);
            deflate = from.deflate;
            heartbeat = from.heartbeat;
            closeTimeout = from.closeTimeout;
            receiveQueueSize = from.receiveQueueSize;
            maxOutboundBytes = from.maxOutboundBytes;
            allowedOrigins = from.allowedOrigins;
            allowAnyOrigin = from.allowAnyOrigin;
        }

        /** The largest message, in bytes; the frame limit follows it unless set on its own. */
        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = bytes;
            return this;
        }

        /** The largest frame payload, in bytes. */
        public Builder maxFrameSize(int bytes) {
            this.maxFrameSize = bytes;
            this.maxFrameSizeSet = true;
            return this;
        }

        /** The subprotocols this server speaks. */
        public Builder subprotocols(List<String> protocols) {
            this.subprotocols = new ArrayList<>(protocols);
            return this;
        }

        /** How permessage-deflate is negotiated; {@link DeflateOptions#DISABLED} turns it off. */
        public Builder deflate(DeflateOptions options) {
            this.deflate = options;
            return this;
        }

        /** The heartbeat interval; {@link Duration#ZERO} for none. */
        public Builder heartbeat(Duration interval) {
            this.heartbeat = interval;
            return this;
        }

        /** How long to wait for the peer's close frame. */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = timeout;
            return this;
        }

        /** How many received messages may be queued. */
        public Builder receiveQueueSize(int messages) {
            this.receiveQueueSize = messages;
            return this;
        }

        /** How many bytes of sent messages may wait to be written before the peer is dropped with 1013. */
        public Builder maxOutboundBytes(long bytes) {
            this.maxOutboundBytes = bytes;
            return this;
        }

        /**
         * The origins, besides the request's own, whose pages may open the socket, e.g.
         * {@code "https://app.example"} or {@code "http://localhost:5173"} (default: none); each is
         * checked at {@link #build()}.
         */
        public Builder allowedOrigins(List<String> origins) {
            this.allowedOrigins = new ArrayList<>(origins);
            return this;
        }

        /**
         * Whether pages of every site may open the socket (default false). Only for sockets that
         * need no cookie or other credential the browser adds by itself, such as a public feed.
         */
        public Builder allowAnyOrigin(boolean allow) {
            this.allowAnyOrigin = allow;
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException naming the first invalid value
         */
        public WebSocketOptions build() {
            return new WebSocketOptions(maxMessageSize, maxFrameSizeSet ? maxFrameSize : maxMessageSize,
                    subprotocols, deflate, heartbeat, closeTimeout, receiveQueueSize, maxOutboundBytes,
                    allowedOrigins, allowAnyOrigin);
        }
    }
}
