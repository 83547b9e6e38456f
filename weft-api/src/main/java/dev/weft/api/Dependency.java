package dev.weft.api;

import java.util.List;
import java.util.Map;

/**
 * Where the value of one dependency type comes from: a {@link Provides} method (per request or
 * singleton), a ready value, an override lambda, or a security scheme. Made at start-up; singletons
 * are made then too, before the server accepts requests, and only read afterwards.
 */
final class Dependency {
    private final Class<?> type;
    private Invocable method;
    private final Api.Provider<?> provider;
    private final SecurityScheme scheme;
    private final boolean singleton;
    private final String origin;
    private volatile Object value;

    private Dependency(Class<?> type, Api.Provider<?> provider, SecurityScheme scheme, boolean singleton, Object value,
                       String origin) {
        this.type = type;
        this.origin = origin;
        this.provider = provider;
        this.scheme = scheme;
        this.singleton = singleton;
        this.value = value;
    }

    /** A {@link Provides} method's dependency; its invocable is {@link #bind bound} once every type is registered. */
    static Dependency method(java.lang.reflect.Method method, boolean singleton) {
        return new Dependency(method.getReturnType(), null, null, singleton, null, Invocable.describe(method));
    }

    void bind(Invocable invocable) {
        this.method = invocable;
    }

    static Dependency value(Class<?> type, Object value) {
        return new Dependency(type, null, null, true, value, "a registered value");
    }

    static Dependency provider(Class<?> type, Api.Provider<?> provider) {
        return new Dependency(type, provider, null, false, null, "a provider lambda");
    }

    static Dependency security(SecurityScheme scheme) {
        return new Dependency(scheme.credentialType(), null, scheme, false, null, "security scheme " + scheme.name());
    }

    Class<?> type() {
        return type;
    }

    boolean singleton() {
        return singleton;
    }

    /** The security scheme it checks, or null. */
    SecurityScheme scheme() {
        return scheme;
    }

    /** The binders of the provider method's parameters (empty for the other kinds). */
    List<Binder> binders() {
        return method == null ? List.of() : method.binders();
    }

    /** Describes the source, for start-up errors. */
    String source() {
        return origin;
    }

    /** Makes a singleton's value, at start-up. */
    void initialise() throws Exception {
        if (singleton && value == null) {
            Call call = new Call(null, Map.of());
            Object made = method.call(call);
            if (made == null) {
                throw new IllegalStateException(method.describe() + " returned null");
            }
            value = made;
        }
    }

    /** The value for {@code call}, or null when binding the provider's own inputs failed. */
    Object produce(Call call) throws Exception {
        if (singleton) {
            return value;
        }
        if (scheme != null) {
            return scheme.credentials(call.request());
        }
        Object made = provider != null ? provider.provide(call) : method.call(call);
        if (made == null && call.errors.isEmpty()) {
            throw new IllegalStateException((method != null ? method.describe() : "the provider of " + type.getName())
                    + " returned null");
        }
        return made;
    }
}
