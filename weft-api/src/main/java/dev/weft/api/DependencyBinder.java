package dev.weft.api;

import java.util.Optional;

/**
 * Binds a parameter whose type has a provider; {@code Optional<T>} turns a missing credential
 * ({@link NotAuthenticated} from a security scheme) into an empty value. Thread-safe.
 */
record DependencyBinder(Dependency dependency, boolean optional) implements Binder {
    @Override
    public Object bind(Call call) {
        if (!optional) {
            return call.resolve(dependency);
        }
        try {
            return Optional.ofNullable(call.resolve(dependency));
        } catch (NotAuthenticated e) {
            return Optional.empty();
        }
    }
}
