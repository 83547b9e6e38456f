package dev.weft.api;

import dev.weft.http.server.Handler;
import dev.weft.http.server.Request;
import dev.weft.http.server.Response;
import java.util.List;
import java.util.Map;

/**
 * The handler of one operation: binds and validates every parameter (and the dependencies they need),
 * calls the method, writes the result, runs the clean-ups and has the background tasks started once the
 * response is out. Invalid requests answer the API's {@link ErrorFormat}; other failures propagate to
 * weft-http, which answers a problem response, except {@link NotAuthenticated}, answered here with its
 * challenge. Thread-safe.
 */
final class Endpoint implements Handler {
    private final Route route;
    private final Invocable invocable;
    private final ResultWriter result;
    private final Map<Class<?>, Dependency> dependencies;
    private final ErrorFormat errorFormat;
    private final BackgroundRunner background;

    Endpoint(Route route, Invocable invocable, ResultWriter result, Map<Class<?>, Dependency> dependencies,
             ErrorFormat errorFormat, BackgroundRunner background) {
        this.route = route;
        this.invocable = invocable;
        this.result = result;
        this.dependencies = dependencies;
        this.errorFormat = errorFormat;
        this.background = background;
    }

    Route route() {
        return route;
    }

    Invocable invocable() {
        return invocable;
    }

    ResultWriter result() {
        return result;
    }

    @Override
    public Response handle(Request request) throws Exception {
        var call = new Call(request, dependencies);
        Response response = null;
        Throwable failure = null;
        try {
            Object value = invocable.call(call);
            response = call.errors.isEmpty() ? result.write(value) : invalid(call.errors);
        } catch (Throwable t) {
            failure = t;
        }
        failure = call.close(failure);
        if (failure instanceof NotAuthenticated e) {
            return challenge(e, request);
        }
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        BackgroundTasks tasks = call.backgroundIfAny();
        if (tasks != null && call.errors.isEmpty()) {
            request.afterResponse(() -> background.start(tasks));
        }
        return response;
    }

    private Response invalid(List<ValidationError> errors) throws Exception {
        return Response.bytes(ApiJson.MAPPER.writeValueAsBytes(errorFormat.body(errors)), "application/json")
                .status(errorFormat.status());
    }

    /** The problem response weft-http would send for a 401, plus the challenge it cannot carry. */
    private static Response challenge(NotAuthenticated e, Request request) {
        return Response.problem(401, e.detail(), request).header("WWW-Authenticate", e.challenge());
    }
}
