package dev.weft.api;

import dev.weft.http.server.Part;
import java.util.List;
import java.util.Optional;

/** Binds uploaded file parts of a multipart body: one {@link Part}, an {@code Optional} or a {@code List}. Thread-safe. */
final class FileBinder implements Binder {
    private final Input input;
    private final List<Object> loc;

    FileBinder(Input input) {
        this.input = input;
        this.loc = input.loc();
    }

    @Override
    public Object bind(Call call) {
        List<Part> parts = call.request().multipart().stream()
                .filter(p -> p.isFile() && p.name().equals(input.name())).toList();
        return switch (input.shape()) {
            case Shape.Many many -> parts;
            case Shape.Maybe maybe -> parts.stream().findFirst();
            default -> {
                if (parts.isEmpty()) {
                    call.errors.add(new ValidationError(loc, "Field required", "missing"));
                    yield null;
                }
                yield parts.getFirst();
            }
        };
    }

    @Override
    public List<Input> inputs() {
        return List.of(input);
    }
}
