package dev.weft.http.server;

/** The 404 Not Found error: no resource at this target. Unchecked; immutable. */
public class NotFound extends HttpException {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** Answers 404 with {@code detail} as the problem's detail. */
    public NotFound(String detail) {
        super(404, detail);
    }

    /** Answers 404 with the standard reason as detail. */
    public NotFound() {
        super(404, null);
    }
}
