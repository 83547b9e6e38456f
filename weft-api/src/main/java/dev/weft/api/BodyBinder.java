package dev.weft.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.http.server.UnsupportedMediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binds the JSON body: it must be declared {@code application/json} (or {@code +json}), else 415, which
 * also turns away the simple cross-site form posts a browser sends without asking; then it is parsed
 * strictly, bound by shape and validated. Thread-safe.
 */
final class BodyBinder implements Binder {
    private final Input input;
    private final Validation validation;

    BodyBinder(Input input, Validation validation) {
        this.input = input;
        this.validation = validation;
    }

    @Override
    public Object bind(Call call) {
        var request = call.request();
        if (!request.hasBody()) {
            if (!input.required()) {
                return Optional.empty();
            }
            call.errors.add(new ValidationError(List.of("body"), "Field required", "missing"));
            return null;
        }
        String type = request.contentType();
        if (type == null || !(type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json"))) {
            throw new UnsupportedMediaType("the body must be sent as application/json, not " + (type == null ? "without a Content-Type" : type));
        }
        JsonNode tree = JsonBody.parse(request.bytes());
        int before = call.errors.size();
        Object value = JsonBody.read(tree, input.shape(), new ArrayList<>(List.of("body")), call.errors);
        Object present = value instanceof Optional<?> o ? o.orElse(null) : value;
        if (present != null && call.errors.size() == before) {
            validation.validate(present, List.of("body"), call.errors);
        }
        return value;
    }

    @Override
    public List<Input> inputs() {
        return List.of(input);
    }
}
