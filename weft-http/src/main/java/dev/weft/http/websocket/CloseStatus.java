package dev.weft.http.websocket;

import java.util.Objects;

/**
 * Why a WebSocket closed: a close code (RFC 6455 §7.4) and a reason text. Immutable and thread-safe.
 *
 * <p>Codes 1005 ({@link #NO_STATUS_RECEIVED}: the peer's close frame had no code) and 1006
 * ({@link #ABNORMAL_CLOSURE}: the connection ended without a close frame) are only ever reported
 * locally; {@link #isSendable(int)} says which codes may travel in a close frame.
 *
 * {@snippet :
 * ws.close(CloseStatus.GOING_AWAY, "server restarting");
 * ws.closeStatus().ifPresent(s -> log.info("closed: " + s.code() + " " + s.reason()));
 * }
 *
 * @param code   the close code, 1000-4999
 * @param reason the reason text, possibly empty, never null
 */
public record CloseStatus(int code, String reason) {
    /** 1000: the purpose of the connection has been fulfilled. */
    public static final int NORMAL_CLOSURE = 1000;
    /** 1001: the endpoint is going away (server shutdown, page navigation). */
    public static final int GOING_AWAY = 1001;
    /** 1002: the peer broke the protocol. */
    public static final int PROTOCOL_ERROR = 1002;
    /** 1003: the endpoint cannot accept this type of data. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** 1005: the peer's close frame carried no code (never sent). */
    public static final int NO_STATUS_RECEIVED = 1005;
    /** 1006: the connection ended without a close frame (never sent). */
    public static final int ABNORMAL_CLOSURE = 1006;
    /** 1007: a text message was not valid UTF-8, or compressed data was corrupt. */
    public static final int INVALID_PAYLOAD = 1007;
    /** 1008: the message violates the endpoint's policy. */
    public static final int POLICY_VIOLATION = 1008;
    /** 1009: a frame or message exceeded the configured size limit. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** 1010: the client expected an extension the server did not negotiate. */
    public static final int MANDATORY_EXTENSION = 1010;
    /** 1011: the server met an unexpected condition (the handler threw). */
    public static final int INTERNAL_ERROR = 1011;
    /** 1013: try again later; a broadcast subscriber that fell too far behind is closed with it. */
    public static final int TRY_AGAIN_LATER = 1013;

    /** Validates the code range and that the reason is present. */
    public CloseStatus {
        Objects.requireNonNull(reason, "reason");
        if (code < 1000 || code > 4999) {
            throw new IllegalArgumentException("close code outside 1000-4999: " + code);
        }
    }

    /**
     * Whether {@code code} may be sent in a close frame: 1000-1003, 1007-1014 (RFC 6455 and the IANA
     * registry) and 3000-4999 (libraries and applications). A received close frame with any other code
     * is a protocol error.
     */
    public static boolean isSendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    @Override
    public String toString() {
        return reason.isEmpty() ? Integer.toString(code) : code + " " + reason;
    }
}
