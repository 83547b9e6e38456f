package dev.weft.api;

import java.util.List;

/**
 * Fills one parameter of a handler or provider for one request; made once at start-up, so the request
 * path does no reflection. A value that does not fit adds {@link ValidationError}s to the call and
 * returns null (binding goes on, so every error of the request is reported at once).
 */
interface Binder {
    /** The argument, or null with errors added to {@code call}. */
    Object bind(Call call) throws Exception;

    /** What it reads from the request, for the OpenAPI document. */
    default List<Input> inputs() {
        return List.of();
    }

    /** The dependency it resolves, or null. */
    default Dependency dependency() {
        return null;
    }

    /**
     * Where Jakarta Validation's violations of this parameter are reported, or null when the binder
     * validates its value itself (bodies, grouped query records) or takes nothing from the client.
     */
    default List<Object> location() {
        return null;
    }
}
