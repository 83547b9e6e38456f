package dev.weft.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a handler parameter to the JSON request body (FastAPI's {@code Body()}); a record parameter
 * without annotation is the body too. The body must be sent as {@code application/json} (else 415); it
 * is parsed strictly: malformed JSON, duplicate keys and trailing data answer 400 with the line and
 * column, a wrong shape or type answers 422 listing every field in error.
 *
 * {@snippet :
 * @Post(value = "/users", status = 201)
 * User create(@Body NewUser user) { ... }
 * }
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Body {
}
