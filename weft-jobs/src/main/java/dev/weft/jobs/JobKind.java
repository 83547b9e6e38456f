package dev.weft.jobs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stable name a job type is stored under ({@code jobs.kind}): what ties a row written by one
 * release to the worker of the next, so it must outlive renames of the Java class. Without it the
 * kind is the record's simple name; {@link WorkerOptions#kind(String)} overrides both.
 *
 * {@snippet :
 * @JobKind("send_welcome_email")
 * record SendWelcome(long userId) {}
 * }
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface JobKind {
    /** The kind: 1 to 128 characters. */
    String value();
}
