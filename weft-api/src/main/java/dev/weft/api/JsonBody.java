package dev.weft.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.http.server.BadRequest;
import dev.weft.http.server.ContentTooLarge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a JSON body into the value of a {@link Shape}: Jackson parses (strictly: malformed text,
 * duplicate keys and trailing data are a 400 naming line and column), then one walk over the tree
 * checks the shape and builds the value, recording every mismatch with its location instead of
 * stopping at the first. Stateless.
 */
final class JsonBody {
    private JsonBody() {
    }

    /** Parses {@code bytes}; throws {@link BadRequest} naming the position of the first syntax error. */
    static JsonNode parse(byte[] bytes) {
        try {
            return ApiJson.MAPPER.readTree(bytes);
        } catch (StreamConstraintsException e) {
            throw new ContentTooLarge("JSON body breaks a limit: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new BadRequest("malformed JSON body" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The value of {@code node} as {@code shape}, or null with the mismatches added to {@code errors}
     * at {@code loc} (which is extended and restored while walking).
     */
    static Object read(JsonNode node, Shape shape, List<Object> loc, List<ValidationError> errors) {
        if (node == null || node.isMissingNode()) {
            if (shape instanceof Shape.Maybe) {
                return Optional.empty();
            }
            if (shape instanceof Shape.Omissible) {
                return Settable.unset();
            }
            errors.add(new ValidationError(loc, "Field required", "missing"));
            return null;
        }
        if (node.isNull() && !(shape instanceof Shape.Maybe) && !(shape instanceof Shape.Omissible) && !(shape instanceof Shape.Any)) {
            errors.add(new ValidationError(loc, "Input should not be null", nullType(shape)));
            return null;
        }
        return switch (shape) {
            case Shape.Maybe(Shape inner) -> node.isNull() ? Optional.empty()
                    : Optional.ofNullable(read(node, inner, loc, errors));
            case Shape.Omissible(Shape inner) -> Settable.of(node.isNull() ? null : read(node, inner, loc, errors));
            case Shape.Any any -> node;
            case Shape.Scalar(ScalarType type) -> {
                Object value = type.fromJson(node);
                if (value instanceof ScalarType.Problem(String kind, String message)) {
                    errors.add(new ValidationError(loc, message, kind));
                    yield null;
                }
                yield value;
            }
            case Shape.Many many -> many(node, many, loc, errors);
            case Shape.Dict(Shape value) -> dict(node, value, loc, errors);
            case Shape.Obj obj -> object(node, obj, loc, errors);
        };
    }

    private static String nullType(Shape shape) {
        return switch (shape) {
            case Shape.Obj o -> "model_type";
            case Shape.Many m -> "list_type";
            case Shape.Dict d -> "dict_type";
            default -> "missing";
        };
    }

    private static Object many(JsonNode node, Shape.Many many, List<Object> loc, List<ValidationError> errors) {
        boolean set = many.set();
        if (!node.isArray()) {
            errors.add(new ValidationError(loc, "Input should be a valid array", set ? "set_type" : "list_type"));
            return null;
        }
        Collection<Object> values = many.newCollection(node.size());
        int before = errors.size();
        for (int i = 0; i < node.size(); i++) {
            loc.add(i);
            values.add(read(node.get(i), many.item(), loc, errors));
            loc.removeLast();
        }
        if (set && errors.size() == before && values.size() < node.size()) {
            errors.add(new ValidationError(loc, "Set items should be unique", "set_item_not_unique"));
        }
        return errors.size() > before ? null : many.seal(values);
    }

    private static Object dict(JsonNode node, Shape value, List<Object> loc, List<ValidationError> errors) {
        if (!node.isObject()) {
            errors.add(new ValidationError(loc, "Input should be a valid object", "dict_type"));
            return null;
        }
        var map = new LinkedHashMap<String, Object>();
        int before = errors.size();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            loc.add(entry.getKey());
            map.put(entry.getKey(), read(entry.getValue(), value, loc, errors));
            loc.removeLast();
        }
        return errors.size() > before ? null : Collections.unmodifiableMap(map);
    }

    private static Object object(JsonNode node, Shape.Obj obj, List<Object> loc, List<ValidationError> errors) {
        if (!node.isObject()) {
            errors.add(new ValidationError(loc, "Input should be a valid object", "model_type"));
            return null;
        }
        List<Shape.Field> fields = obj.fields();
        Object[] args = new Object[fields.size()];
        int before = errors.size();
        for (int i = 0; i < args.length; i++) {
            Shape.Field field = fields.get(i);
            loc.add(field.name());
            args[i] = read(node.get(field.name()), field.shape(), loc, errors);
            loc.removeLast();
        }
        if (errors.size() > before) {
            return null;
        }
        try {
            return obj.constructor().invokeWithArguments(args);
        } catch (IllegalArgumentException e) {
            // A compact constructor refusing the values: the client's input, reported where it is.
            errors.add(new ValidationError(loc, "Value error, " + e.getMessage(), "value_error"));
            return null;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keeps, from a serialised value, only what {@code shape} declares (FastAPI's response_model filter). */
    static JsonNode filter(JsonNode node, Shape shape) {
        switch (shape) {
            case Shape.Maybe(Shape inner) -> {
                return node.isNull() ? node : filter(node, inner);
            }
            case Shape.Omissible(Shape inner) -> {
                return node.isNull() ? node : filter(node, inner);
            }
            case Shape.Many(Shape item, boolean set) when node.isArray() -> {
                var out = ApiJson.MAPPER.createArrayNode();
                node.forEach(n -> out.add(filter(n, item)));
                return out;
            }
            case Shape.Dict(Shape value) when node.isObject() -> {
                var out = ApiJson.MAPPER.createObjectNode();
                node.properties().forEach(e -> out.set(e.getKey(), filter(e.getValue(), value)));
                return out;
            }
            case Shape.Obj obj when node.isObject() -> {
                var out = ApiJson.MAPPER.createObjectNode();
                for (Shape.Field field : obj.fields()) {
                    JsonNode value = node.get(field.name());
                    out.set(field.name(), value == null ? ApiJson.MAPPER.nullNode() : filter(value, field.shape()));
                }
                return out;
            }
            default -> {
                return node;
            }
        }
    }
}
