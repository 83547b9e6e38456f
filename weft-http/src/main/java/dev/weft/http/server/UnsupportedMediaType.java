package dev.weft.http.server;

/** The 415 Unsupported Media Type error: the body's content type is not accepted. Unchecked; immutable. */
public class UnsupportedMediaType extends HttpException {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** Answers 415 with {@code detail} as the problem's detail. */
    public UnsupportedMediaType(String detail) {
        super(415, detail);
    }

    /** Answers 415 with the standard reason as detail. */
    public UnsupportedMediaType() {
        super(415, null);
    }
}
