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
import java.lang.annotation.Repeatable;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
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
            case Shape.Omissible(Shape inner) -> nullable(of(inner, annotated));
            case Shape.Obj obj -> reference(obj);
        };
        if (annotated != null && !(shape instanceof Shape.Maybe) && !(shape instanceof Shape.Omissible) && !schema.containsKey("$ref")) {
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

    /**
     * Adds the JSON Schema keywords of the constraints among {@code annotations}. Repeated constraints
     * all hold: bounds keep the strictest, and a second pattern or format goes to {@code allOf}, since a
     * schema object has one {@code pattern}.
     */
    private static void constrain(Map<String, Object> s, Annotation[] annotations) {
        boolean text = "string".equals(s.get("type"));
        var allOf = new ArrayList<Object>();
        for (Annotation a : repetitionsUnpacked(annotations)) {
            switch (a) {
                case Size size -> {
                    if (size.min() > 0) {
                        add(s, allOf, text ? "minLength" : s.get("type").equals("array") ? "minItems" : "minProperties", size.min());
                    }
                    if (size.max() < Integer.MAX_VALUE) {
                        add(s, allOf, text ? "maxLength" : s.get("type").equals("array") ? "maxItems" : "maxProperties", size.max());
                    }
                }
                case NotBlank n -> add(s, allOf, "minLength", 1);
                case NotEmpty n -> add(s, allOf, text ? "minLength" : "minItems", 1);
                case Min min -> add(s, allOf, "minimum", min.value());
                case Max max -> add(s, allOf, "maximum", max.value());
                case DecimalMin min -> add(s, allOf, min.inclusive() ? "minimum" : "exclusiveMinimum", new BigDecimal(min.value()));
                case DecimalMax max -> add(s, allOf, max.inclusive() ? "maximum" : "exclusiveMaximum", new BigDecimal(max.value()));
                case Positive p -> add(s, allOf, "exclusiveMinimum", 0);
                case PositiveOrZero p -> add(s, allOf, "minimum", 0);
                case Negative n -> add(s, allOf, "exclusiveMaximum", 0);
                case NegativeOrZero n -> add(s, allOf, "maximum", 0);
                case Pattern p -> add(s, allOf, "pattern", p.regexp());
                case Email e -> add(s, allOf, "format", "email");
                default -> {
                    // other constraints (and other annotations) have no JSON Schema keyword
                }
            }
        }
        if (!allOf.isEmpty()) {
            s.put("allOf", allOf);
        }
    }

    /** Puts {@code keyword}; when it is there already, keeps the stricter bound, or both values through {@code allOf}. */
    private static void add(Map<String, Object> s, List<Object> allOf, String keyword, Object value) {
        Object old = s.putIfAbsent(keyword, value);
        if (old == null || old.equals(value)) {
            return;
        }
        boolean lower = keyword.startsWith("min") || keyword.equals("exclusiveMinimum");
        boolean upper = keyword.startsWith("max") || keyword.equals("exclusiveMaximum");
        if (!lower && !upper) {
            allOf.add(Map.of(keyword, value));
            return;
        }
        int order = new BigDecimal(old.toString()).compareTo(new BigDecimal(value.toString()));
        s.put(keyword, (lower ? order >= 0 : order <= 0) ? old : value);
    }

    /**
     * {@code annotations} with each container of a repeated annotation ({@code @Pattern.List}, which
     * Java puts in place of two {@code @Pattern}s) replaced by what it holds, in declaration order.
     */
    private static List<Annotation> repetitionsUnpacked(Annotation[] annotations) {
        var all = new ArrayList<Annotation>(annotations.length);
        for (Annotation a : annotations) {
            all.addAll(contents(a));
        }
        return all;
    }

    private static List<Annotation> contents(Annotation a) {
        try {
            Method value = a.annotationType().getMethod("value");
            if (value.getReturnType().getComponentType() instanceof Class<?> item
                    && item.getAnnotation(Repeatable.class) instanceof Repeatable r && r.value() == a.annotationType()) {
                return List.of((Annotation[]) value.invoke(a));
            }
            return List.of(a);
        } catch (NoSuchMethodException e) {
            return List.of(a); // not a container: it has no value()
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the annotations held by " + a, e);
        }
    }
}
