package dev.weft.http.websocket;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the comma-separated header lists of RFC 9110 §5.6.1 ({@code Connection},
 * {@code Upgrade}, {@code Sec-WebSocket-Protocol}) and recognises tokens (§5.6.2).
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

    /** Whether {@code text} is a non-empty RFC 9110 token. */
    static boolean isToken(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!isTokenChar(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
