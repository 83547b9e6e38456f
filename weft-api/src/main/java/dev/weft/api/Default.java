package dev.weft.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a path-less parameter ({@link Query}, {@link Header}, {@link Cookie}, {@link Form}) takes
 * when the request has none (FastAPI's {@code limit: int = 10}); it is converted like a sent value,
 * checked at start-up, and shown in the OpenAPI document. A parameter with a default is optional.
 *
 * {@snippet :
 * @Get("/users")
 * List<User> list(@Query @Default("20") @Max(100) int limit) { ... }
 * }
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Default {
    /** The value as it would be sent. */
    String value();
}
