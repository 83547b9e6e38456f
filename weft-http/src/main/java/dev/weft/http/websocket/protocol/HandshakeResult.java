package dev.weft.http.websocket.protocol;

import dev.weft.http.websocket.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of {@link ServerHandshake#negotiate}: either the 101 response to send
 * ({@link Accepted}) or the error response to send instead ({@link Rejected}). Immutable and
 * thread-safe.
 *
 * {@snippet :
 * switch (ServerHandshake.negotiate(method, version, headers, options)) {
 *     case HandshakeResult.Accepted accepted -> { writeSwitchingProtocols(accepted.responseHeaders()); }
 *     case HandshakeResult.Rejected rejected -> { writeError(rejected.status(), rejected.reason(), rejected.headers()); }
 * }
 * }
 */
public sealed interface HandshakeResult permits HandshakeResult.Accepted, HandshakeResult.Rejected {
    /**
     * The upgrade is accepted: answer {@code 101 Switching Protocols} with {@code responseHeaders}, then
     * hand the connection to {@link WebSocketSession#serve}.
     *
     * @param responseHeaders {@code Upgrade}, {@code Connection}, {@code Sec-WebSocket-Accept} and, when
     *                        negotiated, {@code Sec-WebSocket-Protocol} and {@code Sec-WebSocket-Extensions}
     * @param subprotocol     the chosen subprotocol, or null when none was
     * @param deflate         the agreed permessage-deflate parameters, or null when messages are not compressed
     */
    record Accepted(List<Map.Entry<String, String>> responseHeaders, String subprotocol, DeflateParameters deflate)
            implements HandshakeResult {
        /** Copies the header list. */
        public Accepted {
            responseHeaders = List.copyOf(responseHeaders);
        }
    }

    /**
     * The upgrade is refused: answer with {@code status}, a body saying {@code reason}, and {@code headers}.
     *
     * @param status  400 for a malformed handshake, 405 for a method other than GET, 426 for an
     *                unsupported WebSocket version
     * @param reason  a short human-readable explanation naming what was wrong
     * @param headers headers the response must carry ({@code Allow}, or {@code Sec-WebSocket-Version} and
     *                {@code Upgrade} with 426)
     */
    record Rejected(int status, String reason, List<Map.Entry<String, String>> headers) implements HandshakeResult {
        /** Validates the status and copies the header list. */
        public Rejected {
            if (status < 400 || status > 499) {
                throw new IllegalArgumentException("not a client error status: " + status);
            }
            Objects.requireNonNull(reason, "reason");
            headers = List.copyOf(headers);
        }
    }
}
