package dev.weft.api;

import java.lang.reflect.Type;
import java.util.List;

/**
 * How invalid requests are answered: the status and the JSON body made from the list of
 * {@link ValidationError}s. The default is FastAPI's ({@code 422 {"detail": [...]}}); replace it with
 * {@link Api.Builder#errorFormat} and the OpenAPI document describes the replacement's {@link #model()}
 * for every operation. Implementations must be thread-safe.
 *
 * {@snippet :
 * record Problem(String title, List<ValidationError> errors) {}
 * ErrorFormat problems = new ErrorFormat() {
 *     public Type model() { return Problem.class; }
 *     public Object body(List<ValidationError> errors) { return new Problem("invalid request", errors); }
 * };
 * }
 */
public interface ErrorFormat {
    /** The JSON body of the default format: FastAPI's {@code HTTPValidationError}. */
    record HttpValidationError(List<ValidationError> detail) {
    }

    /** The type of {@link #body}'s result, a record, for the OpenAPI schema. */
    Type model();

    /** The body answering {@code errors}, serialised as JSON. */
    Object body(List<ValidationError> errors);

    /** The status of the answer; 422 unless overridden. */
    default int status() {
        return 422;
    }

    /** FastAPI's format: {@code 422 {"detail": [{"loc": [...], "msg": "...", "type": "..."}]}}. */
    static ErrorFormat fastApi() {
        return new ErrorFormat() {
            @Override
            public Type model() {
                return HttpValidationError.class;
            }

            @Override
            public Object body(List<ValidationError> errors) {
                return new HttpValidationError(errors);
            }
        };
    }
}
