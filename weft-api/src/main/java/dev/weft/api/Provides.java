package dev.weft.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a provider object as the source of its return type (FastAPI's {@code Depends}):
 * a handler or provider parameter of that type receives its value. The method's own parameters are
 * bound like a handler's (other dependencies, {@link RequestScope}, {@code @Header}, {@code @Query}...),
 * and those appear in the OpenAPI document of every operation that uses it. Per request by default
 * (one value per request, however many parameters ask); {@code singleton} providers run once at
 * start-up and may only depend on other singletons.
 *
 * {@snippet :
 * class Providers {
 *     @Provides(singleton = true) Clock clock() { return Clock.systemUTC(); }
 *     @Provides Tx tx(RequestScope scope) {
 *         Tx tx = db.begin();
 *         scope.onClose(failure -> { if (failure == null) tx.commit(); else tx.rollback(); });
 *         return tx;
 *     }
 * }
 * }
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Provides {
    /** Whether the value is made once, at start-up, and shared by every request. */
    boolean singleton() default false;
}
