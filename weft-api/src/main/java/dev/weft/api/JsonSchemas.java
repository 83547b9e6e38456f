package dev.weft.api;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Negative;
import jakarta.validation.constraints.NegativeOrZero;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON Schema 2020-12 (as OpenAPI 3.1 uses it) for {@link Shape}s: records go to
 * {@code components.schemas} and are referred to, recursive ones included; {@code Optional} is
 * nullable and not required; Jakarta constraints become {@code minLength}, {@code maximum},
 * {@code pattern}... Used at start-up, on one thread.
 */
final class JsonSchemas {
    private final Map<String, Object> components = new TreeMap<>();

    /** The schemas of the records met so far, by name. */
    Map<String, Object> components() {
        return components;
    }

    /** The schema of {@code shape}, with the constraints of {@code annotated} (may be null). */
    Map<String, Object> of(Shape shape, AnnotatedElement annotated) {
        Map<String, Object> schema = switch (shape) {
            case Shape.Scalar(ScalarType type) -> scalar(type);
            case Shape.Many(Shape item, boolean set) -> {
                var s = new LinkedHashMap<String, Object>();
                s.put("type", "array");
                s.put("items", of(item, null));
                if (set) {
                    s.put("uniqueItems", true);
                }
                yield s;
            }
            case Shape.Dict(Shape value) -> {
                var s = new LinkedHashMap<String, Object>();
                s.put("type", "object");
                s.put("additionalProperties", of(value, null));
                yield s;
            }
            case Shape.Any any -> new LinkedHashMap<>();
            case Shape.Maybe(Shape inner) -> nullable(of(inner, annotated));
            case Shape.Obj obj -> reference(obj);
        };
        if (annotated != null && !(shape instanceof Shape.Maybe) && !schema.containsKey("$ref")) {
            constrain(schema, annotated.getAnnotations());
        }
        return schema;
    }

    private static Map<String, Object> scalar(ScalarType type) {
        var s = new LinkedHashMap<String, Object>();
        s.put("type", type.jsonType());
        if (type.format() != null) {
            s.put("format", type.format());
        }
        if (type.isEnum()) {
            s.put("enum", Arrays.stream(type.type().getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList());
        }
        return s;
    }

    private static Map<String, Object> nullable(Map<String, Object> schema) {
        if (schema.get("type") instanceof String type) {
            schema.put("type", List.of(type, "null"));
            if (schema.get("enum") instanceof List<?> values) {
                var withNull = new ArrayList<Object>(values);
                withNull.add(null);
                schema.put("enum", withNull);
            }
            return schema;
        }
        var s = new LinkedHashMap<String, Object>();
        s.put("anyOf", List.of(schema, Map.of("type", "null")));
        return s;
    }

    private Map<String, Object> reference(Shape.Obj obj) {
        if (!components.containsKey(obj.name())) {
            var s = new LinkedHashMap<String, Object>();
            components.put(obj.name(), s);
            s.put("type", "object");
            s.put("title", obj.name());
            if (obj.raw().getAnnotation(Description.class) instanceof Description d) {
                s.put("description", d.value());
            }
            var properties = new LinkedHashMap<String, Object>();
            var required = new ArrayList<String>();
            for (Shape.Field field : obj.fields()) {
                Map<String, Object> property = of(field.shape(), field.annotated());
                if (field.description() != null) {
                    property = described(property, field.description());
                }
                properties.put(field.name(), property);
                if (field.required()) {
                    required.add(field.name());
                }
            }
            s.put("properties", properties);
            if (!required.isEmpty()) {
                s.put("required", required);
            }
        }
        return new LinkedHashMap<>(Map.of("$ref", "#/components/schemas/" + obj.name()));
    }

    /** {@code schema} with a description; a reference keeps its siblings, as JSON Schema 2020-12 allows. */
    static Map<String, Object> described(Map<String, Object> schema, String description) {
        schema.put("description", description);
        return schema;
    }

    private static void constrain(Map<String, Object> s, Annotation[] annotations) {
        boolean text = "string".equals(s.get("type"));
        for (Annotation a : annotations) {
            switch (a) {
                case Size size -> {
                    if (size.min() > 0) {
                        s.put(text ? "minLength" : s.get("type").equals("array") ? "minItems" : "minProperties", size.min());
                    }
                    if (size.max() < Integer.MAX_VALUE) {
                        s.put(text ? "maxLength" : s.get("type").equals("array") ? "maxItems" : "maxProperties", size.max());
                    }
                }
                case NotBlank n -> s.put("minLength", 1);
                case NotEmpty n -> s.put(text ? "minLength" : "minItems", 1);
                case Min min -> s.put("minimum", min.value());
                case Max max -> s.put("maximum", max.value());
                case DecimalMin min -> s.put(min.inclusive() ? "minimum" : "exclusiveMinimum", new BigDecimal(min.value()));
                case DecimalMax max -> s.put(max.inclusive() ? "maximum" : "exclusiveMaximum", new BigDecimal(max.value()));
                case Positive p -> s.put("exclusiveMinimum", 0);
                case PositiveOrZero p -> s.put("minimum", 0);
                case Negative n -> s.put("exclusiveMaximum", 0);
                case NegativeOrZero n -> s.put("maximum", 0);
                case Pattern p -> s.put("pattern", p.regexp());
                case Email e -> s.put("format", "email");
                default -> {
                    // other constraints (and other annotations) have no JSON Schema keyword
                }
            }
        }
    }
}
