package dev.weft.api;

import java.util.List;
import java.util.Objects;

/**
 * One reason a request was refused, as FastAPI reports it: where ({@code ["body", "address", "zip"]},
 * {@code ["query", "limit"]}), what (a message for people) and which kind (a stable code such as
 * {@code missing}, {@code int_parsing}, {@code string_too_long}). Immutable.
 *
 * {@snippet :
 * var error = new ValidationError(List.of("query", "limit"), "Input should be a valid integer", "int_parsing");
 * }
 *
 * @param loc  the location: the part of the request, then field names and list indexes
 * @param msg  the message, never naming a Java type
 * @param type the error kind, pydantic's names where one exists
 */
public record ValidationError(List<Object> loc, String msg, String type) {
    /** Copies {@code loc} and checks that nothing is null. */
    public ValidationError {
        loc = List.copyOf(loc);
        Objects.requireNonNull(msg, "msg");
        Objects.requireNonNull(type, "type");
    }
}
