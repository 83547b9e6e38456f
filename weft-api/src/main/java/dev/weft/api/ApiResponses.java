package dev.weft.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The {@link ApiResponse}s of one operation, which Java gathers here when the annotation is repeated;
 * written by hand only to group them.
 *
 * {@snippet :
 * @ApiResponses({@ApiResponse(status = 404, description = "No such user"),
 *         @ApiResponse(status = 409, description = "The e-mail address is taken")})
 * User patch(@Path long id, @Body UserPatch body) { ... }
 * }
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ApiResponses {
    /** The responses, each with its own status. */
    ApiResponse[] value();
}
