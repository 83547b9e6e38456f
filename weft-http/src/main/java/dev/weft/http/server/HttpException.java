package dev.weft.http.server;

import dev.weft.http.WeftHttpException;
import dev.weft.http.server.http1.Status;
import java.util.Objects;

/**
 * The root of the HTTP errors a handler throws to answer with a status: {@link NotFound},
 * {@link BadRequest} and their siblings are named after their status. The errors middleware (and,
 * without it, the server) turns one into an RFC 9457 {@code application/problem+json} response.
 * Immutable; unchecked.
 *
 * {@snippet :
 * app.get("/users/{id}", req -> {
 *     User user = users.find(req.pathParamLong("id"));
 *     if (user == null) throw new NotFound("no user " + req.pathParam("id"));
 *     return Response.json(user);
 * });
 * }
 */
public class HttpException extends WeftHttpException {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;
    /** The HTTP status this error is answered with. */
    private final int status;

    /** An error answered with {@code status} (400-599) and {@code detail} (shown to the client). */
    public HttpException(int status, String detail) {
        this(status, detail, null);
    }

    /** An error answered with {@code status}, {@code detail} and the {@code cause} (logged, never sent). */
    public HttpException(int status, String detail, Throwable cause) {
        super(Objects.requireNonNullElse(detail, Status.reason(status)), cause);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        this.status = status;
    }

    /** The HTTP status this error is answered with. */
    public int status() {
        return status;
    }

    /** The human-readable explanation sent as the problem's {@code detail}. */
    public String detail() {
        return getMessage();
    }
}
