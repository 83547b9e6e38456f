package dev.weft.api;

import dev.weft.http.server.Request;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Binds a parameter read from strings: a path segment, query parameters, header fields, a cookie or
 * form fields. A {@code List}/{@code Set} takes every repetition; {@code Optional} and {@link Default}
 * make it optional. Thread-safe.
 */
final class ValueBinder implements Binder {
    private final Input input;
    private final ScalarType scalar;
    private final Object fallback;
    private final List<Object> loc;

    /** {@code input.shape()} is a scalar, an optional scalar or a list/set of scalars; {@code fallback} is converted already. */
    ValueBinder(Input input, ScalarType scalar, Object fallback) {
        this.input = input;
        this.scalar = scalar;
        this.fallback = fallback;
        this.loc = input.loc();
    }

    @Override
    public Object bind(Call call) {
        List<String> raw = values(call.request());
        return switch (input.shape()) {
            case Shape.Many many -> many(raw, many, call.errors);
            case Shape.Maybe maybe -> raw.isEmpty() ? Optional.empty() : Optional.ofNullable(one(raw.getFirst(), loc, call.errors));
            default -> {
                if (!raw.isEmpty()) {
                    yield one(raw.getFirst(), loc, call.errors);
                }
                if (fallback == null) {
                    call.errors.add(new ValidationError(loc, "Field required", "missing"));
                }
                yield fallback;
            }
        };
    }

    private Object many(List<String> raw, Shape.Many many, List<ValidationError> errors) {
        if (raw.isEmpty() && fallback != null) {
            return fallback;
        }
        Collection<Object> values = many.newCollection(raw.size());
        int before = errors.size();
        for (int i = 0; i < raw.size(); i++) {
            var at = new ArrayList<>(loc);
            at.add(i);
            values.add(one(raw.get(i), at, errors));
        }
        if (errors.size() > before) {
            return null;
        }
        return many.seal(values);
    }

    private Object one(String text, List<Object> at, List<ValidationError> errors) {
        try {
            return scalar.parse(text);
        } catch (IllegalArgumentException e) {
            errors.add(new ValidationError(at, scalar.message(), scalar.errorType()));
            return null;
        }
    }

    private List<String> values(Request request) {
        return switch (input.in()) {
            case "path" -> List.of(request.pathParam(input.name()));
            case "query" -> request.queryParams(input.name());
            case "header" -> request.headers(input.name());
            case "cookie" -> Optional.ofNullable(request.cookie(input.name())).map(List::of).orElse(List.of());
            default -> request.form().getOrDefault(input.name(), List.of());
        };
    }

    @Override
    public List<Input> inputs() {
        return List.of(input);
    }

    @Override
    public List<Object> location() {
        return loc;
    }
}
