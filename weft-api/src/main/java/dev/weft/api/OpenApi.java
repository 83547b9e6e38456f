package dev.weft.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.http.server.EventSource;
import dev.weft.http.server.Response;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The OpenAPI 3.1 document of an API, made from its endpoints at start-up: operations with their
 * parameters, bodies, responses (the error format's schema for invalid requests, problem details for
 * a missing {@code Optional} and declared {@link ApiResponse}s) and security
 * requirements; schemas from {@link JsonSchemas}. Built on the building thread; its text is made later,
 * on whichever thread first asks.
 */
final class OpenApi {
    // What the document needs of the builder, copied: the text is made later, when the builder may have changed.
    private final int errorStatus;
    private final String title;
    private final String version;
    private final String description;
    private final List<SecurityScheme> schemes;
    private final Shapes shapes;
    private final JsonSchemas schemas = new JsonSchemas();
    private final Map<String, Map<String, Object>> paths = new TreeMap<>();
    private final Set<String> operationIds = new HashSet<>();
    private final Map<String, Object> errorSchema;
    private Map<String, Object> problemSchema;

    OpenApi(Api.Builder builder, Shapes shapes, Shape errorModel) {
        this.errorStatus = builder.errorFormat.status();
        this.title = builder.title;
        this.version = builder.version;
        this.description = builder.description;
        this.schemes = List.copyOf(builder.schemes);
        this.shapes = shapes;
        this.errorSchema = schemas.of(errorModel, null);
    }

    /** The type serialised for a method's result, or empty for {@code void}, {@link Response} and event streams. */
    static Optional<Type> responseType(Method m) {
        Class<?> raw = m.getReturnType();
        if (raw == void.class || raw == Void.class || Response.class.isAssignableFrom(raw) || EventSource.class.isAssignableFrom(raw)) {
            return Optional.empty();
        }
        Type type = m.getGenericReturnType();
        return Optional.of(raw == Optional.class ? Shapes.argument(type, 0) : type);
    }

    void add(Endpoint endpoint) {
        Route route = endpoint.route();
        if (!operationIds.add(route.operationId())) {
            throw new IllegalArgumentException(endpoint.invocable().describe() + ": operationId " + route.operationId()
                    + " is taken; set operationId on one of them");
        }
        var op = new LinkedHashMap<String, Object>();
        if (!route.tags().isEmpty()) {
            op.put("tags", route.tags());
        }
        op.put("summary", route.summary().isEmpty() ? title(route.operationId()) : route.summary());
        Method method = endpoint.invocable().method();
        if (method.getAnnotation(Description.class) instanceof Description d) {
            op.put("description", d.value());
        }
        op.put("operationId", route.operationId());
        if (route.deprecated()) {
            op.put("deprecated", true);
        }
        var seen = new LinkedHashSet<Dependency>();
        List<Input> inputs = Assembly.inputs(endpoint.invocable().binders(), seen);
        var parameters = new ArrayList<Object>();
        var form = new LinkedHashMap<String, Object>();
        var formRequired = new ArrayList<String>();
        boolean multipart = false;
        for (Input input : inputs) {
            switch (input.in()) {
                case "body" -> op.put("requestBody", body(input));
                case "form", "file" -> {
                    multipart |= input.in().equals("file");
                    form.put(input.name(), input.in().equals("file") ? fileSchema(input.shape()) : schemas.of(input.shape(), input.annotated()));
                    if (input.required()) {
                        formRequired.add(input.name());
                    }
                }
                default -> parameters.add(parameter(input));
            }
        }
        if (!parameters.isEmpty()) {
            op.put("parameters", parameters);
        }
        if (!form.isEmpty()) {
            var schema = new LinkedHashMap<String, Object>();
            schema.put("type", "object");
            schema.put("properties", form);
            if (!formRequired.isEmpty()) {
                schema.put("required", formRequired);
            }
            op.put("requestBody", ordered("required", !formRequired.isEmpty(), "content",
                    Map.of(multipart ? "multipart/form-data" : "application/x-www-form-urlencoded", Map.of("schema", schema))));
        }
        op.put("responses", responses(endpoint, method, !inputs.isEmpty(), seen));
        List<Object> security = security(endpoint.invocable().binders());
        if (!security.isEmpty()) {
            op.put("security", security);
        }
        paths.computeIfAbsent(route.template(), p -> new TreeMap<>()).put(route.method().toLowerCase(Locale.ROOT), op);
    }

    private Map<String, Object> parameter(Input input) {
        var p = new LinkedHashMap<String, Object>();
        p.put("name", input.name());
        p.put("in", input.in());
        p.put("required", input.required());
        if (input.description() != null) {
            p.put("description", input.description());
        }
        Map<String, Object> schema = schemas.of(input.shape(), input.annotated());
        if (input.defaultValue() != null) {
            // A number or boolean as the parsed value (which Jackson writes as JSON's own), not a string.
            schema.put("default", input.shape() instanceof Shape.Scalar(ScalarType t) && !t.jsonType().equals("string")
                    ? t.parse(input.defaultValue()) : input.defaultValue());
        }
        p.put("schema", schema);
        if (input.shape() instanceof Shape.Many) {
            p.put("style", "form");
            p.put("explode", true);
        }
        return p;
    }

    private Map<String, Object> body(Input input) {
        var body = new LinkedHashMap<String, Object>();
        if (input.description() != null) {
            body.put("description", input.description());
        }
        body.put("required", input.required());
        Shape shape = input.shape() instanceof Shape.Maybe(Shape inner) ? inner : input.shape();
        body.put("content", Map.of("application/json", Map.of("schema", schemas.of(shape, input.annotated()))));
        return body;
    }

    private static Map<String, Object> fileSchema(Shape shape) {
        Map<String, Object> file = ordered("type", "string", "contentMediaType", "application/octet-stream");
        return shape instanceof Shape.Many ? ordered("type", "array", "items", file) : file;
    }

    private Map<String, Object> responses(Endpoint endpoint, Method method, boolean hasInputs, Set<Dependency> deps) {
        var responses = new TreeMap<String, Object>();
        var ok = new LinkedHashMap<String, Object>();
        ok.put("description", "Successful Response");
        Optional<Type> type = endpoint.route().response() != null ? Optional.of(endpoint.route().response()) : responseType(method);
        type.ifPresent(t -> ok.put("content", Map.of("application/json", Map.of("schema", schemas.of(shapes.of(t), null)))));
        if (EventSource.class.isAssignableFrom(method.getReturnType())) {
            ok.put("content", Map.of("text/event-stream", Map.of("schema", Map.of("type", "string"))));
        }
        responses.put(String.valueOf(endpoint.result().status()), ok);
        if (method.getReturnType() == Optional.class) {
            responses.put("404", problem("Not Found"));
        }
        if (hasInputs) {
            responses.put(String.valueOf(errorStatus), ordered("description", "Validation Error",
                    "content", Map.of("application/json", Map.of("schema", errorSchema))));
        }
        if (deps.stream().anyMatch(d -> d.scheme() != null)) {
            responses.put("401", problem("Not authenticated"));
        }
        declared(endpoint, responses);
        return responses;
    }

    /** Adds the operation's {@link ApiResponse}s, each replacing what was generated for its status. */
    private void declared(Endpoint endpoint, Map<String, Object> responses) {
        var statuses = new HashSet<Integer>();
        for (ApiResponse r : endpoint.invocable().method().getAnnotationsByType(ApiResponse.class)) {
            String problem = r.status() < 100 || r.status() > 599 ? "status out of range"
                    : r.status() == endpoint.result().status() ? "status is the operation's success status"
                    : !statuses.add(r.status()) ? "status is declared twice" : null;
            if (problem != null) {
                throw new IllegalArgumentException(endpoint.invocable().describe() + ": @ApiResponse " + problem + ": " + r.status());
            }
            responses.put(String.valueOf(r.status()), r.model() != void.class
                    ? ordered("description", r.description(), "content", Map.of("application/json",
                            Map.of("schema", schemas.of(shapes.of(r.model()), null))))
                    : r.status() >= 400 ? problem(r.description()) : Map.of("description", r.description()));
        }
    }

    /** A response with weft-http's problem body, whose schema joins the document on first use. */
    private Map<String, Object> problem(String description) {
        if (problemSchema == null) {
            problemSchema = schemas.of(shapes.of(ProblemDetails.class), null);
        }
        return ordered("description", description, "content", Map.of("application/problem+json", Map.of("schema", problemSchema)));
    }

    /**
     * The operation's security requirement: one object naming every scheme it needs (OpenAPI ANDs the
     * schemes of one object and ORs the objects); schemes asked for only as {@code Optional} add the
     * empty alternative.
     */
    private static List<Object> security(List<Binder> binders) {
        var required = new TreeMap<String, Object>();
        var optional = new TreeMap<String, Object>();
        schemes(binders, new HashSet<>(), required, optional);
        optional.keySet().removeAll(required.keySet());
        var requirements = new ArrayList<Object>();
        if (!required.isEmpty()) {
            requirements.add(required);
        }
        optional.forEach((name, scopes) -> requirements.add(Map.of(name, scopes)));
        if (required.isEmpty() && !optional.isEmpty()) {
            requirements.add(Map.of());
        }
        return requirements;
    }

    private static void schemes(List<Binder> binders, Set<Dependency> seen, Map<String, Object> required, Map<String, Object> optional) {
        for (Binder b : binders) {
            Dependency d = b.dependency();
            if (d != null && seen.add(d)) {
                if (d.scheme() != null) {
                    (b instanceof DependencyBinder(Dependency dep, boolean isOptional) && isOptional ? optional : required)
                            .put(d.scheme().name(), List.of());
                }
                schemes(d.binders(), seen, required, optional);
            }
        }
    }

    /** A map keeping the order of {@code keysAndValues}, so the document reads the same on every run. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String title(String operationId) {
        String words = operationId.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1).toLowerCase(Locale.ROOT);
    }

    /** The document as JSON; safe to call from several threads once every endpoint was added. */
    String toJson() {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("openapi", "3.1.0");
        var info = new LinkedHashMap<String, Object>();
        info.put("title", title);
        info.put("version", version);
        if (description != null) {
            info.put("description", description);
        }
        doc.put("info", info);
        doc.put("paths", paths);
        var components = new LinkedHashMap<String, Object>();
        components.put("schemas", schemas.components());
        if (!schemes.isEmpty()) {
            var security = new TreeMap<String, Object>();
            schemes.forEach(s -> security.put(s.name(), s.openApi()));
            components.put("securitySchemes", security);
        }
        doc.put("components", components);
        try {
            return ApiJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
