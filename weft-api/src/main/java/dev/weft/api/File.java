package dev.weft.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a handler parameter to an uploaded file part of a multipart body, as weft-http's `Part` (FastAPI's {@code File()}). The name is the annotation's value, or the
 * parameter's own name (compile with {@code -parameters}). A value that does not convert to the
 * parameter's type answers 422 naming its location.
 *
 * {@snippet :
 * @Get("/items/{id}")
 * Item item(@File Part avatar) { ... }
 * }
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface File {
    /** The name on the wire; empty means the parameter's name. */
    String value() default "";
}
