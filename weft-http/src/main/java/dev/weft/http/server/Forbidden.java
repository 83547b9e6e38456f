package dev.weft.http.server;

/** The 403 Forbidden error: the client may not do this. Unchecked; immutable. */
public class Forbidden extends HttpException {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** Answers 403 with {@code detail} as the problem's detail. */
    public Forbidden(String detail) {
        super(403, detail);
    }

    /** Answers 403 with the standard reason as detail. */
    public Forbidden() {
        super(403, null);
    }
}
