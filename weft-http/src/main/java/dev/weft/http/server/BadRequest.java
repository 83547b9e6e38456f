package dev.weft.http.server;

/** The 400 Bad Request error: the request is malformed or invalid. Unchecked; immutable. */
public class BadRequest extends HttpException {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** Answers 400 with {@code detail} as the problem's detail. */
    public BadRequest(String detail) {
        super(400, detail);
    }

    /** Answers 400 with the standard reason as detail. */
    public BadRequest() {
        super(400, null);
    }
}
