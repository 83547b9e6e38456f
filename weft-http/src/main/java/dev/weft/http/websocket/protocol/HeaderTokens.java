package dev.weft.http.websocket.protocol;

import dev.weft.http.websocket.WebSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the comma-separated header lists of RFC 9110 §5.6.1 ({@code Connection},
 * {@code Upgrade}, {@code Sec-WebSocket-Protocol}); tokens are checked by {@code FieldSyntax}.
 */
final class HeaderTokens {
    private HeaderTokens() {
    }

    /** The non-empty, trimmed elements of every value, in order; null or no values give an empty list. */
    static List<String> elements(List<String> values) {
        List<String> elements = new ArrayList<>();
        if (values == null) {
            return elements;
        }
        for (String value : values) {
            for (String element : value.split(",")) {
                String trimmed = element.strip();
                if (!trimmed.isEmpty()) {
                    elements.add(trimmed);
                }
            }
        }
        return elements;
    }
}
