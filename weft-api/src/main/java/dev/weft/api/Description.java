package dev.weft.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A description shown in the OpenAPI document and Swagger UI, for an operation, a parameter, a record
 * (its schema) or a record component (its property).
 *
 * {@snippet :
 * @Description("A user as stored")
 * record User(@Description("Database id") long id, String name) {}
 * }
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface Description {
    /** The text (CommonMark in Swagger UI). */
    String value();
}
