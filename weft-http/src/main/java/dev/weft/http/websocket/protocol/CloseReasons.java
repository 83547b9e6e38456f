package dev.weft.http.websocket.protocol;

import dev.weft.http.websocket.CloseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The limits of a close frame's payload (RFC 6455 §5.5): a code that may travel, a reason that fits. */
final class CloseReasons {
    /** A close payload is at most 125 bytes, two of which hold the code. */
    private static final int MAX_REASON_BYTES = 123;

    private CloseReasons() {
    }

    /** Checks that {@code code} and {@code reason} fit in a close frame; throws IllegalArgumentException. */
    static CloseStatus forSending(int code, String reason) {
        Objects.requireNonNull(reason, "reason");
        if (!CloseStatus.isSendable(code)) {
            throw new IllegalArgumentException("close code may not be sent: " + code);
        }
        int length = reason.getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("close reason longer than 123 UTF-8 bytes: " + length);
        }
        return new CloseStatus(code, reason);
    }

    /** Shortens a diagnostic text so that it fits in a close frame, on a character boundary. */
    static String truncate(String text) {
        String reason = text == null ? "" : text;
        while (reason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            int cut = reason.length() - 1;
            if (cut > 0 && Character.isHighSurrogate(reason.charAt(cut - 1))) {
                cut--;
            }
            reason = reason.substring(0, cut);
        }
        return reason;
    }
}
