package dev.weft.pg.codec.builtin;

/**
 * Whether Jackson is present, decided once; every use of a Jackson type goes through {@link JacksonJson},
 * which is only loaded when this says it may be, so weft-pg runs without Jackson.
 */
final class JsonSupport {
    private static final boolean AVAILABLE = detect();

    private JsonSupport() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    static boolean isJsonNode(Object value) {
        return AVAILABLE && JacksonJson.isNode(value);
    }

    /** Jackson's JSON text of a {@code JsonNode}; call only when {@link #isJsonNode} said yes. */
    static String write(Object node) {
        return JacksonJson.write(node);
    }

    /** Whether {@code target} is Jackson's {@code JsonNode} or a subtype of it. */
    static boolean isNodeType(Class<?> target) {
        return AVAILABLE && JacksonJson.isNodeType(target);
    }

    /** Parses JSON text into a Jackson node; call only when {@link #isNodeType} said yes. */
    static Object read(String json) {
        return JacksonJson.read(json);
    }

    private static boolean detect() {
        try {
            Class.forName("com.fasterxml.jackson.databind.JsonNode", false, JsonSupport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
