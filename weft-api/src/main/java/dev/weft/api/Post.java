package dev.weft.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller method as the handler of {@code POST} requests to a path (FastAPI's
 * {@code @app.post}). Path parameters are written {@code {name}}.
 *
 * {@snippet :
 * @Post(value = "/users/{id}", tags = "users", summary = "One user")
 * User one(@Path long id) { return users.find(id); }
 * }
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Post {
    /** The path, starting with {@code /}. */
    String value();

    /** The success status; 0 means 200, or 204 for a {@code void} method. */
    int status() default 0;

    /** OpenAPI tags grouping the operation in the docs. */
    String[] tags() default {};

    /** A one-line summary for the docs. */
    String summary() default "";

    /** Marks the operation deprecated in the docs. */
    boolean deprecated() default false;

    /**
     * The response model: the returned value is converted to it, so only its fields are sent
     * (FastAPI's {@code response_model}); {@code void.class} means the method's return type.
     */
    Class<?> response() default void.class;

    /** The OpenAPI operation id; empty means the method's name. */
    String operationId() default "";
}
