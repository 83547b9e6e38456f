package dev.weft.http.server;

/** The 413 Content Too Large error: the body exceeds the configured limit (aiohttp's clientMaxSize). Unchecked; immutable. */
public class ContentTooLarge extends HttpException {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** Answers 413 with {@code detail} as the problem's detail. */
    public ContentTooLarge(String detail) {
        super(413, detail);
    }

    /** Answers 413 with the standard reason as detail. */
    public ContentTooLarge() {
        super(413, null);
    }
}
