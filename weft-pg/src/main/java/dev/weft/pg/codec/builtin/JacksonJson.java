package dev.weft.pg.codec.builtin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The only class that touches Jackson; loaded only when {@link JsonSupport} found Jackson present. Its
 * signatures name no Jackson type, so callers link without Jackson on the path.
 */
final class JacksonJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JacksonJson() {
    }

    static boolean isNode(Object value) {
        return value instanceof JsonNode;
    }

    static boolean isNodeType(Class<?> target) {
        return JsonNode.class.isAssignableFrom(target);
    }

    static String write(Object node) {
        return node.toString();
    }

    static Object read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
