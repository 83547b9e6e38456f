package dev.weft.http.server;

/** The 503 Service Unavailable error: the server cannot answer now (overload, timeout, shutdown). Unchecked; immutable. */
public class ServiceUnavailable extends HttpException {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** Answers 503 with {@code detail} as the problem's detail. */
    public ServiceUnavailable(String detail) {
        super(503, detail);
    }

    /** Answers 503 with the standard reason as detail. */
    public ServiceUnavailable() {
        super(503, null);
    }
}
