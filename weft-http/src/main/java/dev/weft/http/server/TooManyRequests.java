package dev.weft.http.server;

/** The 429 Too Many Requests error: the client exceeded a rate limit. Unchecked; immutable. */
public class TooManyRequests extends HttpException {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** Answers 429 with {@code detail} as the problem's detail. */
    public TooManyRequests(String detail) {
        super(429, detail);
    }

    /** Answers 429 with the standard reason as detail. */
    public TooManyRequests() {
        super(429, null);
    }
}
