package dev.weft.http.server;

/** The 409 Conflict error: the request conflicts with the resource's state. Unchecked; immutable. */
public class Conflict extends HttpException {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** Answers 409 with {@code detail} as the problem's detail. */
    public Conflict(String detail) {
        super(409, detail);
    }

    /** Answers 409 with the standard reason as detail. */
    public Conflict() {
        super(409, null);
    }
}
