package dev.weft.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A further response an operation may answer, for the OpenAPI document (FastAPI's {@code responses=}):
 * repeat it for each status. An error status (400 and up) is documented with weft-http's
 * {@code application/problem+json} body, which it sends for a thrown {@code HttpException} such as
 * {@code NotFound} or {@code Conflict}; a {@link #model()} documents a JSON body of that type instead.
 * A method returning {@code Optional} has its 404 documented without it. Read once, at start-up.
 *
 * <p>Named {@code ApiResponse} rather than {@code Response} so that controllers can still import
 * weft-http's {@code Response}.
 *
 * {@snippet :
 * @Put("/users/{id}")
 * @ApiResponse(status = 404, description = "No user has this id")
 * @ApiResponse(status = 409, description = "The e-mail address is taken")
 * User replace(@Path long id, @Body UserInput body) { ... }
 * }
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(ApiResponses.class)
public @interface ApiResponse {
    /** The HTTP status, 100 to 599; not the operation's success status, and each status once per operation. */
    int status();

    /** What the status means for this operation (CommonMark in Swagger UI). */
    String description();

    /** The JSON body's type; {@code void.class} means a problem body for an error status, none otherwise. */
    Class<?> model() default void.class;
}
