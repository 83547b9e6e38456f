package dev.weft.http.websocket.protocol;

import dev.weft.http.codec.FieldSyntax;
import dev.weft.http.websocket.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One element of a {@code Sec-WebSocket-Extensions} header (RFC 6455 §9.1): an extension name and its
 * parameters, each with a value or none. Immutable.
 *
 * @param name       the extension token, as sent
 * @param parameters the parameters in order; a parameter without a value has a null value
 */
record ExtensionOffer(String name, List<Parameter> parameters) {
    ExtensionOffer {
        Objects.requireNonNull(name, "name");
        parameters = List.copyOf(parameters);
    }

    /** One {@code name[=value]} parameter; quoted-string values arrive unquoted. */
    record Parameter(String name, String value) {
        Parameter {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * Parses every value of the header, in order.
     *
     * @throws IllegalArgumentException naming the position of the first syntax error
     */
    static List<ExtensionOffer> parse(List<String> values) {
        List<ExtensionOffer> offers = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                new Parser(value).parseList(offers);
            }
        }
        return offers;
    }

    /** A cursor over one header value; RFC 9110 list rules: empty elements and optional whitespace. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        void parseList(List<ExtensionOffer> into) {
            while (true) {
                skipSpace();
                if (atEnd()) {
                    return;
                }
                if (peek() == ',') {
                    pos++;
                    continue;
                }
                into.add(parseExtension());
                skipSpace();
                if (atEnd()) {
                    return;
                }
                expect(',');
            }
        }

        private ExtensionOffer parseExtension() {
            String name = token();
            List<Parameter> parameters = new ArrayList<>();
            skipSpace();
            while (!atEnd() && peek() == ';') {
                pos++;
                skipSpace();
                String parameterName = token();
                String value = null;
                skipSpace();
                if (!atEnd() && peek() == '=') {
                    pos++;
                    skipSpace();
                    value = !atEnd() && peek() == '"' ? quotedString() : token();
                    skipSpace();
                }
                parameters.add(new Parameter(parameterName, value));
            }
            return new ExtensionOffer(name, parameters);
        }

        private String token() {
            int start = pos;
            while (!atEnd() && FieldSyntax.isTokenChar(peek())) {
                pos++;
            }
            if (start == pos) {
                throw error("a token");
            }
            return text.substring(start, pos);
        }

        private String quotedString() {
            StringBuilder value = new StringBuilder();
            pos++;
            while (!atEnd()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\') {
                    if (atEnd()) {
                        break;
                    }
                    c = text.charAt(pos++);
                }
                value.append(c);
            }
            throw error("a closing quote");
        }

        private void expect(char c) {
            if (atEnd() || peek() != c) {
                throw error("'" + c + "'");
            }
            pos++;
        }

        private void skipSpace() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                pos++;
            }
        }

        private boolean atEnd() {
            return pos >= text.length();
        }

        private char peek() {
            return text.charAt(pos);
        }

        private IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("malformed Sec-WebSocket-Extensions \"" + text + "\": expected "
                    + expected + " at offset " + pos);
        }
    }
}
