package dev.weft.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a handler parameter to a query parameter; a `List` or `Set` takes every repetition, a record groups several parameters (FastAPI's {@code Query()}). The name is the annotation's value, or the
 * parameter's own name (compile with {@code -parameters}). A value that does not convert to the
 * parameter's type answers 422 naming its location.
 *
 * {@snippet :
 * @Get("/items/{id}")
 * Item item(@Query int limit) { ... }
 * }
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Query {
    /** The name on the wire; empty means the parameter's name. */
    String value() default "";
}
