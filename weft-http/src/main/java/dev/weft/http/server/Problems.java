package dev.weft.http.server;

import dev.weft.core.Cancelled;
import dev.weft.core.DeadlineExceeded;
import dev.weft.http.server.http1.Status;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns failures into RFC 9457 {@code application/problem+json} responses: an {@link HttpException}
 * keeps its status and detail; an expired deadline is 503; anything else is a 500 whose detail
 * reveals nothing (the exception is logged instead).
 */
final class Problems {
    private static final System.Logger LOG = System.getLogger("dev.weft.http.server");

    private Problems() {
    }

    /**
     * What {@code next} answers to {@code request}, or the problem response for what it throws: for the
     * middlewares that must see every response, error responses included.
     */
    static Response answer(Handler next, Request request) {
        try {
            return next.handle(request);
        } catch (Exception e) {
            return response(e, request);
        }
    }

    static Response response(Throwable failure, Request request) {
        if (failure instanceof HttpException e) {
            Response res = of(e.status(), e.detail(), request);
            if (e instanceof MethodNotAllowed m) {
                res.header("Allow", String.join(", ", m.allowed()));
            }
            return res;
        }
        if (failure instanceof DeadlineExceeded) {
            return of(503, "the request took too long", request);
        }
        if (failure instanceof Cancelled) {
            return of(503, "the request was cancelled", request);
        }
        LOG.log(Level.ERROR, "handler failed for " + request.method() + " " + request.target(), failure);
        return of(500, "internal server error", request);
    }

    static Response of(int status, String detail, Request request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", Status.reason(status));
        body.put("status", status);
        body.put("detail", detail);
        if (request != null) {
            body.put("instance", request.rawPath());
        }
        return Response.json(status, body).contentType("application/problem+json");
    }
}
