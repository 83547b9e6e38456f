package dev.weft.http.server;

/** The 401 Unauthorized error: the request lacks valid credentials. Unchecked; immutable. */
public class Unauthorized extends HttpException {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** Answers 401 with {@code detail} as the problem's detail. */
    public Unauthorized(String detail) {
        super(401, detail);
    }

    /** Answers 401 with the standard reason as detail. */
    public Unauthorized() {
        super(401, null);
    }
}
