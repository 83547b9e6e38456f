package dev.weft.http.server;

/** The 422 Unprocessable Content error: the body is well-formed but invalid. Unchecked; immutable. */
public class UnprocessableContent extends HttpException {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** Answers 422 with {@code detail} as the problem's detail. */
    public UnprocessableContent(String detail) {
        super(422, detail);
    }

    /** Answers 422 with the standard reason as detail. */
    public UnprocessableContent() {
        super(422, null);
    }
}
