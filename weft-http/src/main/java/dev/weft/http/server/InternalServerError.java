package dev.weft.http.server;

/** The 500 Internal Server Error error: the server failed. Unchecked; immutable. */
public class InternalServerError extends HttpException {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** Answers 500 with {@code detail} as the problem's detail. */
    public InternalServerError(String detail) {
        super(500, detail);
    }

    /** Answers 500 with the standard reason as detail. */
    public InternalServerError() {
        super(500, null);
    }
}
